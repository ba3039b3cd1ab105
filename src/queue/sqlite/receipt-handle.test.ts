import { describe, expect, it } from 'vitest';
import { formatReceiptHandle, newReceiptToken, parseReceiptHandle } from './receipt-handle.js';

describe('Function: parseReceiptHandle', () => {
  it.each([1, 42, Number.MAX_SAFE_INTEGER])('reads back the token and row %i a handle was made of', (seq) => {
    // Prepare
    const token = newReceiptToken();
    const handle = formatReceiptHandle(token, seq);

    // Act
    const parts = parseReceiptHandle(handle);

    // Assess
    expect(parts).toEqual({ token, seq });
  });

  it('draws a different token each time', () => {
    // Prepare
    const tokens = new Set<string>();

    // Act
    for (let index = 0; index < 1000; index += 1) tokens.add(newReceiptToken());

    // Assess
    expect(tokens.size).toBe(1000);
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{12}$/);
  });

  it.each([
    { description: 'an empty string', handle: '' },
    { description: 'a handle of the previous format', handle: 'r1.AAAAAAAAAAAA.0190f5c2-7b1e' },
    { description: 'a short token', handle: 'r2.AAAA.1' },
    { description: 'a token with bad characters', handle: 'r2.AAAAAAAAAA+/.1' },
    { description: 'no row', handle: 'r2.AAAAAAAAAAAA.' },
    { description: 'a row that is not a number', handle: 'r2.AAAAAAAAAAAA.1e3' },
    { description: 'a row with a leading zero', handle: 'r2.AAAAAAAAAAAA.01' },
    { description: 'a row past the safe integers', handle: 'r2.AAAAAAAAAAAA.9999999999999999' },
    { description: 'no separator before the row', handle: 'r2.AAAAAAAAAAAA1' },
    { description: 'a number', handle: 42 },
    { description: 'undefined', handle: undefined },
  ])('rejects $description with ReceiptHandleError', ({ handle }) => {
    // Prepare
    const parse = () => parseReceiptHandle(handle);

    // Act & Assess
    expect(parse).toThrow(expect.objectContaining({ name: 'ReceiptHandleError', code: 'SLUICE_RECEIPT_INVALID' }));
  });
});
