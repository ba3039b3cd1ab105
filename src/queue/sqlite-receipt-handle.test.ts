import { describe, expect, it } from 'vitest';
import { formatReceiptHandle, newReceiptToken, parseReceiptHandle } from './sqlite-receipt-handle.js';

describe('Function: parseReceiptHandle', () => {
  it('reads back the token and id a handle was made of, dots in the id included', () => {
    // Prepare
    const token = newReceiptToken();
    const handle = formatReceiptHandle(token, 'capture.2026.01.01');

    // Act
    const parts = parseReceiptHandle(handle);

    // Assess
    expect(parts).toEqual({ token, id: 'capture.2026.01.01' });
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
    { description: 'another prefix', handle: 'r2.AAAAAAAAAAAA.id' },
    { description: 'a short token', handle: 'r1.AAAA.id' },
    { description: 'a token with bad characters', handle: 'r1.AAAAAAAAAA+/.id' },
    { description: 'no id', handle: 'r1.AAAAAAAAAAAA.' },
    { description: 'no separator before the id', handle: 'r1.AAAAAAAAAAAAid' },
    { description: 'a number', handle: 42 },
    { description: 'undefined', handle: undefined },
  ])('rejects $description with ReceiptHandleError', ({ handle }) => {
    // Prepare
    const parse = () => parseReceiptHandle(handle);

    // Act & Assess
    expect(parse).toThrow(expect.objectContaining({ name: 'ReceiptHandleError', code: 'SLUICE_RECEIPT_INVALID' }));
  });
});
