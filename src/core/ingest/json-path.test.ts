import { describe, expect, it } from 'vitest';
import { parseJsonPath, renderJsonPath, selectJsonPath, type JsonPathStep } from './json-path.js';

const member = (name: string): JsonPathStep => ({ kind: 'member', name });
const index = (at: number): JsonPathStep => ({ kind: 'index', index: at });

describe('Function: parseJsonPath', () => {
  describe.each([
    { description: 'the whole body', text: '', steps: [] },
    { description: 'one dot name', text: '.a', steps: [member('a')] },
    { description: 'nested dot names', text: '.a.b.c', steps: [member('a'), member('b'), member('c')] },
    { description: 'names with "-" and "_"', text: '.x-github_event', steps: [member('x-github_event')] },
    { description: 'a unicode dot name', text: '.größe', steps: [member('größe')] },
    { description: 'a single-quoted name', text: "['a b']", steps: [member('a b')] },
    { description: 'a double-quoted name', text: '["a.b"]', steps: [member('a.b')] },
    { description: 'an escaped quote in a name', text: "['it\\'s']", steps: [member("it's")] },
    { description: 'an escaped backslash in a name', text: "['a\\\\b']", steps: [member('a\\b')] },
    { description: 'a brace in a quoted name', text: "['}']", steps: [member('}')] },
    { description: 'an array index', text: '.items[0]', steps: [member('items'), index(0)] },
    { description: 'indexes of nested arrays', text: '[1][23]', steps: [index(1), index(23)] },
    { description: 'a name after an index', text: '.items[2].id', steps: [member('items'), index(2), member('id')] },
  ])('accepts $description', ({ text, steps }) => {
    it(`parses "${text}"`, () => {
      // Act
      const parsed = parseJsonPath(text);

      // Assess
      expect(parsed).toEqual({ ok: true, steps });
    });
  });

  describe.each([
    { description: 'recursive descent', text: '..a', reason: /recursive descent/ },
    { description: 'a filter expression', text: '.a[?(@.b == 1)]', reason: /filter/ },
    { description: 'a dot wildcard', text: '.*', reason: /wildcard/ },
    { description: 'a bracket wildcard', text: '.a[*]', reason: /wildcards/ },
    { description: 'a slice', text: '.a[0:2]', reason: /slices/ },
    { description: 'a union', text: '.a[0,1]', reason: /unions/ },
    { description: 'a negative index', text: '.a[-1]', reason: /negative/ },
    { description: 'a leading zero', text: '.a[01]', reason: /index/ },
    { description: 'an unclosed quote', text: "['a", reason: /unclosed/ },
    { description: 'a quoted name without "]"', text: "['a'", reason: /"\]"/ },
    { description: 'an empty dot name', text: '.', reason: /member name/ },
    { description: 'a space in a dot name', text: '.a b', reason: /expected/ },
    { description: 'text without "." or "["', text: 'a', reason: /expected "\." or "\["/ },
    { description: 'an unknown escape', text: "['a\\n']", reason: /unclosed/ },
  ])('refuses $description', ({ text, reason }) => {
    it(`refuses "${text}" and says why`, () => {
      // Act
      const parsed = parseJsonPath(text);

      // Assess
      expect(parsed.ok).toBe(false);
      expect(parsed.ok ? '' : parsed.message).toMatch(reason);
    });
  });
});

describe('Function: renderJsonPath', () => {
  it.each([
    { steps: [member('a'), member('b')], text: '.a.b' },
    { steps: [member('a b'), index(2)], text: "['a b'][2]" },
    { steps: [member("it's"), member('a\\b')], text: "['it\\'s']['a\\\\b']" },
    { steps: [member('a.b'), member('')], text: "['a.b']['']" },
    { steps: [member('ключ')], text: '.ключ' },
  ])('writes $text, which parses back to the same steps', ({ steps, text }) => {
    // Act
    const rendered = renderJsonPath(steps);

    // Assess
    expect(rendered).toBe(text);
    expect(parseJsonPath(rendered)).toEqual({ ok: true, steps });
  });
});

describe('Function: selectJsonPath', () => {
  const document = { a: { b: [10, { c: 'deep' }], 'x y': true, n: null }, list: [[1, 2], [3]] };

  it.each([
    { description: 'the whole value with no steps', steps: [], value: document },
    { description: 'a nested member', steps: [member('a'), member('x y')], value: true },
    { description: 'an array element', steps: [member('a'), member('b'), index(0)], value: 10 },
    { description: 'a member of an array element', steps: [member('a'), member('b'), index(1), member('c')], value: 'deep' },
    { description: 'an element of a nested array', steps: [member('list'), index(0), index(1)], value: 2 },
    { description: 'null as null', steps: [member('a'), member('n')], value: null },
    { description: 'nothing past the end of an array', steps: [member('list'), index(2)], value: undefined },
    { description: 'nothing for an index of an object', steps: [member('a'), index(0)], value: undefined },
    { description: 'nothing for a member of an array', steps: [member('list'), member('length')], value: undefined },
    { description: 'nothing for a member of a string', steps: [member('a'), member('b'), index(1), member('c'), member('length')], value: undefined },
    { description: 'nothing for a missing member', steps: [member('zzz')], value: undefined },
    { description: 'nothing from the prototype', steps: [member('constructor')], value: undefined },
    { description: 'nothing for __proto__', steps: [member('__proto__')], value: undefined },
  ])('selects $description', ({ steps, value }) => {
    // Act
    const selected = selectJsonPath(document, steps);

    // Assess
    expect(selected).toEqual(value);
  });
});
