// @ts-check
/**
 * The body of a password-checking thread (see password-pool.ts). Plain JavaScript, not
 * TypeScript, because the pool's threads load it by file name: the same file runs from `src/`
 * under the tests and from `dist/` (the build copies it), and Node 20 cannot load a `.ts` file.
 * It only hashes and compares; which hash and parameters to use is decided on the main thread
 * (password-hash.ts), where the configuration was validated.
 */
import { scryptSync, timingSafeEqual } from 'node:crypto';
import bcrypt from 'bcryptjs';

/**
 * Hashes the password with the stored hash's parameters and compares the two in constant time.
 * Synchronous on purpose: this thread does nothing else, and bcryptjs's async form only splits
 * the same work into slices for an event loop that has other work to do.
 *
 * @param {import('./password-hash.js').PasswordCheck} check
 * @returns {boolean}
 * @example
 * checkPassword({ kind: 'bcrypt', password: 's3cret', hash: '$2y$10$…' }); // true or false
 */
export default function checkPassword(check) {
  if (check.kind === 'bcrypt') {
    // The first 29 characters are the version, cost and salt; hashing with them recomputes the rest.
    const computed = bcrypt.hashSync(check.password, check.hash.slice(0, 29));
    return equalBytes(Buffer.from(computed.slice(4), 'latin1'), Buffer.from(check.hash.slice(4), 'latin1'));
  }
  const { N, r, p } = check;
  const derived = scryptSync(check.password, check.salt, check.key.length, { N, r, p, maxmem: 256 * N * r });
  return equalBytes(derived, check.key);
}

/**
 * @param {Uint8Array} a
 * @param {Uint8Array} b
 */
function equalBytes(a, b) {
  return a.length === b.length && timingSafeEqual(a, b);
}
