/**
 * A route's `auth` (SPEC §4). A discriminated union on `type`, so other schemes (`jwt`) join
 * as new members. Passwords are never in the configuration: only bcrypt or scrypt hashes.
 */
import { z } from 'zod';

/** bcrypt (`$2a$`, `$2b$`, `$2y$`, as `htpasswd -B` writes): cost 04-31, 22 salt + 31 hash characters. */
export const BCRYPT_HASH = /^\$2[aby]\$(0[4-9]|[12]\d|3[01])\$[./A-Za-z0-9]{53}$/;

/**
 * scrypt in the PHC string format: `$scrypt$ln=15,r=8,p=1$<salt>$<hash>`, base64 (standard or
 * with `.` for `+`, padding optional), as passlib writes it; N = 2^ln.
 */
export const SCRYPT_HASH = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/.]{11,}={0,2})\$([A-Za-z0-9+/.]{22,}={0,2})$/;

const passwordHash = z.string().refine((value) => BCRYPT_HASH.test(value) || SCRYPT_HASH.test(value), {
  message: 'expected a bcrypt ($2a$/$2b$/$2y$…) or scrypt ($scrypt$ln=…) password hash, never a plain password',
});

/** @internal */
export const basicAuthSchema = z.strictObject({
  type: z.literal('basic'),
  /** Shown by browsers in the login prompt. */
  realm: z.string().regex(/^[\x20-\x7e]{1,128}$/, 'expected printable ASCII').refine((realm) => !/["\\]/.test(realm), { message: 'expected no quotes or backslashes' }).default('sluice'),
  users: z
    .record(z.string().regex(/^[^:\s]{1,128}$/, 'expected a user name without ":" or spaces'), passwordHash)
    .refine((users) => Object.keys(users).length > 0, { message: 'expected at least one user' }),
});

/** @internal */
export const authSchema = z.discriminatedUnion('type', [basicAuthSchema], {
  error: (issue) => (issue.input === undefined ? 'required: expected type to be one of: basic' : 'expected type to be one of: basic'),
});
