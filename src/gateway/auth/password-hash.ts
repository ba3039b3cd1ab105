import { scrypt, timingSafeEqual } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { BCRYPT_HASH, SCRYPT_HASH } from '../../core/auth-schema.js';

/**
 * Checks a password against a bcrypt (`$2a$`/`$2b$`/`$2y$`) or scrypt (`$scrypt$ln=…`) hash by
 * hashing it with the stored parameters and comparing the two hashes in constant time.
 *
 * @example
 * ```ts
 * await verifyPassword('s3cret', '$2y$10$…'); // true or false
 * ```
 */
export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  if (BCRYPT_HASH.test(hash)) {
    // The first 29 characters are the version, cost and salt; bcrypt.hash recomputes the rest.
    const computed = await bcrypt.hash(password, hash.slice(0, 29));
    return equalBytes(Buffer.from(computed.slice(4), 'latin1'), Buffer.from(hash.slice(4), 'latin1'));
  }
  const match = SCRYPT_HASH.exec(hash);
  if (match === null) return false;
  const [, ln, r, p, salt, expectedText] = match;
  const expected = fromAb64(expectedText!);
  const N = 2 ** Number(ln);
  const blockSize = Number(r);
  const derived = await new Promise<Buffer>((resolve, reject) =>
    scrypt(password, fromAb64(salt!), expected.length, { N, r: blockSize, p: Number(p), maxmem: 256 * N * blockSize }, (error, key) => (error ? reject(error) : resolve(key))),
  );
  return equalBytes(derived, expected);
}

/** Base64 as passlib writes it for scrypt (`.` for `+`, no padding) or as usual. */
function fromAb64(text: string): Buffer {
  return Buffer.from(text.replace(/\./g, '+'), 'base64');
}

function equalBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
