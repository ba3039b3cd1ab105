import { describe, expect, it } from 'vitest';
import { compactDiff } from './text-diff.js';

describe('Function: compactDiff', () => {
  it('shows only the JSON lines that changed, keys sorted as the replay compares them', () => {
    // Act
    const diff = compactDiff('{"name":"morpheus","id":"573","job":"leader"}', '{"id":"574","job":"leader","name":"morpheus"}');

    // Assess
    expect(diff).toBe('-   "id": "573",\n+   "id": "574",');
  });

  it('cuts one long changed line down to the change, with context and ellipses', () => {
    // Prepare
    const before = `${'a'.repeat(100)}OLD${'z'.repeat(100)}`;
    const after = `${'a'.repeat(100)}NEW${'z'.repeat(100)}`;

    // Act
    const diff = compactDiff(before, after);

    // Assess
    expect(diff).toBe(`- …${'a'.repeat(30)}OLD${'z'.repeat(30)}…\n+ …${'a'.repeat(30)}NEW${'z'.repeat(30)}…`);
  });

  it('leaves out the lines both share at the start and the end', () => {
    // Act
    const diff = compactDiff('one\ntwo\nthree\nfour', 'one\nTWO\n2b\nfour', '  ');

    // Assess
    expect(diff).toBe('  - two\n  - three\n  + TWO\n  + 2b');
  });

  it('says when a side is empty, and how many lines it left out', () => {
    // Prepare
    const many = Array.from({ length: 20 }, (_, index) => `line ${index}`).join('\n');

    // Act
    const diff = compactDiff('', many);

    // Assess
    expect(diff.split('\n')).toEqual(['- (empty)', ...Array.from({ length: 12 }, (_, index) => `+ line ${index}`), '+ … 8 more lines']);
  });

  it('shows text that parses as equal JSON as the text it is', () => {
    // Act & Assess
    expect(compactDiff('{"a": 1}', '{"a":1}')).toBe('- {"a": 1}\n+ {"a":1}');
  });
});
