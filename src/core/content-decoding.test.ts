import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeContent } from './content-decoding.js';

const TEXT = '{"password":"PW"}';

describe('Function: decodeContent', () => {
  it.each([
    { coding: 'gzip', bytes: gzipSync(TEXT) },
    { coding: 'X-GZIP', bytes: gzipSync(TEXT) },
    { coding: 'br', bytes: brotliCompressSync(TEXT) },
    { coding: 'deflate', bytes: deflateSync(TEXT) },
    { coding: 'deflate', bytes: deflateRawSync(TEXT) },
    { coding: 'gzip, br', bytes: brotliCompressSync(gzipSync(TEXT)) },
    { coding: 'identity', bytes: Buffer.from(TEXT) },
  ])('decodes $coding', ({ coding, bytes }) => {
    expect(decodeContent(bytes, coding, 1024)?.toString()).toBe(TEXT);
  });

  it.each([
    { description: 'an unknown coding', coding: 'zstd', bytes: Buffer.from(TEXT) },
    { description: 'a cut stream', coding: 'gzip', bytes: gzipSync(TEXT).subarray(0, 12) },
    { description: 'output over the limit', coding: 'gzip', bytes: gzipSync('x'.repeat(10_000)) },
  ])('gives up on $description', ({ coding, bytes }) => {
    expect(decodeContent(bytes, coding, 1024)).toBeUndefined();
  });
});
