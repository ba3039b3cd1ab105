import { describe, expect, it } from 'vitest';
import { escapeNonXmlCharacters } from './json-escape.js';

describe('Function: escapeNonXmlCharacters', () => {
  it.each([
    { description: 'U+FFFE and U+FFFF', json: '{"a":"\uFFFE\uFFFF"}', expected: '{"a":"\\ufffe\\uffff"}' },
    { description: 'a lone surrogate beside them', json: '["\uFFFE","\uD800x"]', expected: '["\\ufffe","\\ud800x"]' },
    { description: 'a control character beside them', json: '["\uFFFF","\u0001"]', expected: '["\\uffff","\\u0001"]' },
    { description: 'nothing else, pairs included', json: '["\uFFFE","😀"]', expected: '["\\ufffe","😀"]' },
  ])('escapes $description, keeping the value', ({ json, expected }) => {
    // Act
    const escaped = escapeNonXmlCharacters(json);

    // Assess
    expect(escaped).toBe(expected);
  });

  it('returns text without U+FFFE and U+FFFF as it is', () => {
    const json = '{"a":"é😀"}';
    expect(escapeNonXmlCharacters(json)).toBe(json);
  });
});
