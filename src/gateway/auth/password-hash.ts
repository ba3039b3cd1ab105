import { BCRYPT_HASH, parseScryptHash } from '../../core/auth-schema.js';

/**
 * One password check, as a password-checking thread receives it (password-worker.mjs): the
 * hash's scheme and the parameters it was made with. Structured-cloneable: plain values and
 * byte arrays only.
 */
export type PasswordCheck =
  | { readonly kind: 'bcrypt'; readonly password: string; readonly hash: string }
  | {
      readonly kind: 'scrypt';
      readonly password: string;
      readonly N: number;
      readonly r: number;
      readonly p: number;
      readonly salt: Uint8Array;
      readonly key: Uint8Array;
    };

/**
 * The check of `password` against a bcrypt (`$2a$`/`$2b$`/`$2y$`) or scrypt (`$scrypt$ln=…`)
 * hash; undefined when the hash is neither (the configuration refuses those).
 *
 * @example
 * ```ts
 * passwordCheck('s3cret', '$2y$10$…'); // { kind: 'bcrypt', password: 's3cret', hash: '$2y$10$…' }
 * ```
 */
export function passwordCheck(password: string, hash: string): PasswordCheck | undefined {
  if (BCRYPT_HASH.test(hash)) return { kind: 'bcrypt', password, hash };
  const scrypt = parseScryptHash(hash);
  if (scrypt === undefined) return undefined;
  return { kind: 'scrypt', password, N: scrypt.N, r: scrypt.r, p: scrypt.p, salt: scrypt.salt, key: scrypt.key };
}
