import { describe, expect, it } from 'vitest';
import { decodeBase64, encodeBody, isTextMediaType } from './binary.js';

describe('Function: isTextMediaType', () => {
  it.each([
    ['text/plain', true],
    ['text/html; charset=utf-8', true],
    ['application/json', true],
    ['application/vnd.api+json', true],
    ['application/xml', true],
    ['image/svg+xml', true],
    ['application/javascript', true],
    ['Application/JSON; charset=UTF-8', true],
    ['application/x-www-form-urlencoded', false],
    ['multipart/form-data; boundary=x', false],
    ['application/octet-stream', false],
    ['image/png', false],
    ['', false],
    [undefined, false],
  ])('%s → %s', (contentType, text) => {
    expect(isTextMediaType(contentType)).toBe(text);
  });
});

describe('Function: encodeBody', () => {
  it('sends invalid UTF-8 as base64 even under a textual type, so no byte is lost', () => {
    // Act
    const encoded = encodeBody(Buffer.from([0x61, 0xff]), 'text/plain');

    // Assess
    expect(encoded).toEqual({ body: 'Yf8=', isBase64Encoded: true });
  });
});

describe('Function: decodeBase64', () => {
  it.each([
    ['aGk=', Buffer.from('hi')],
    ['aGk', Buffer.from('hi')],
    ['aG\nk=', Buffer.from('hi')],
    ['', Buffer.alloc(0)],
    ['a', undefined],
    ['aGk=!', undefined],
    ['aGk-', undefined],
  ])('%j', (text, expected) => {
    expect(decodeBase64(text)).toEqual(expected);
  });
});
