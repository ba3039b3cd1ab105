/**
 * A route's `auth` (SPEC §4). A discriminated union on `type`: `basic` here, `jwt` in
 * `jwt-auth-schema.ts`. Passwords are never in the configuration: only bcrypt or scrypt hashes.
 */
import { z } from 'zod';
import { jwtAuthSchema } from './jwt-auth-schema.js';
import { duration } from './schema-primitives.js';

/** bcrypt (`$2a$`, `$2b$`, `$2y$`, as `htpasswd -B` writes): cost 04-31, 22 salt + 31 hash characters. */
export const BCRYPT_HASH = /^\$2[aby]\$(0[4-9]|[12]\d|3[01])\$[./A-Za-z0-9]{53}$/;

/**
 * scrypt in the PHC string format: `$scrypt$ln=15,r=8,p=1$<salt>$<hash>`, base64 (standard or
 * with `.` for `+`, padding optional), as passlib writes it; N = 2^ln.
 */
export const SCRYPT_HASH = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/.]{11,}={0,2})\$([A-Za-z0-9+/.]{22,}={0,2})$/;

/**
 * How costly one password check may be. Every check runs on a bounded pool of threads, so a
 * hash that takes seconds (bcrypt cost 31 is days) would hold a thread that long per request
 * and leave every other login waiting: these bounds keep one check at about a second on one
 * core at most. bcrypt doubles per cost step (bcryptjs: ~60 ms at 10, ~1 s at 14); scrypt
 * costs about its memory, 128·N·r bytes, times p. passlib's default scrypt (ln=16, r=8, p=1,
 * 64 MiB) and `htpasswd -B` (cost 5) fit; so does Caddy's `hash-password` (bcrypt cost 14).
 */
export const passwordHashLimits = {
  bcryptMaxCost: 14,
  /** 128·N·r: the memory one scrypt check allocates. */
  scryptMaxMemoryBytes: 64 * 1024 * 1024,
  /** 128·N·r·p: the memory scrypt's mixing passes over, i.e. its work. */
  scryptMaxWorkBytes: 128 * 1024 * 1024,
} as const;

/** The parameters of a `$scrypt$` hash: N = 2^ln, block size r, parallelism p, salt and key. */
export interface ScryptParams {
  readonly N: number;
  readonly r: number;
  readonly p: number;
  readonly salt: Buffer;
  readonly key: Buffer;
}

/**
 * Reads a `$scrypt$ln=…,r=…,p=…$salt$key` hash; undefined when it is not one.
 *
 * @example
 * ```ts
 * parseScryptHash('$scrypt$ln=15,r=8,p=1$c2FsdHNhbHRzYWx0$…'); // { N: 32768, r: 8, p: 1, salt, key }
 * ```
 */
export function parseScryptHash(hash: string): ScryptParams | undefined {
  const match = SCRYPT_HASH.exec(hash);
  if (match === null) return undefined;
  const [, ln, r, p, salt, key] = match;
  return { N: 2 ** Number(ln), r: Number(r), p: Number(p), salt: fromAb64(salt!), key: fromAb64(key!) };
}

/** Base64 as passlib writes it for scrypt (`.` for `+`, no padding) or as usual. */
function fromAb64(text: string): Buffer {
  return Buffer.from(text.replace(/\./g, '+'), 'base64');
}

/** Why a bcrypt or scrypt hash is refused; undefined when it is fine. */
function hashProblem(value: string): string | undefined {
  const bcrypt = BCRYPT_HASH.exec(value);
  if (bcrypt !== null) {
    const cost = Number(bcrypt[1]);
    return cost > passwordHashLimits.bcryptMaxCost
      ? `expected a bcrypt cost of at most ${passwordHashLimits.bcryptMaxCost}, got ${cost}: each check would take seconds`
      : undefined;
  }
  const scrypt = parseScryptHash(value);
  if (scrypt === undefined) return 'expected a bcrypt ($2a$/$2b$/$2y$…) or scrypt ($scrypt$ln=…) password hash, never a plain password';
  if (scrypt.N < 2 || scrypt.r < 1 || scrypt.p < 1) return 'expected scrypt parameters ln >= 1, r >= 1 and p >= 1';
  const memory = 128 * scrypt.N * scrypt.r;
  if (memory > passwordHashLimits.scryptMaxMemoryBytes) return `expected scrypt memory 128·N·r of at most 64 MiB (e.g. ln=16,r=8), got ${memory / 2 ** 20} MiB`;
  if (memory * scrypt.p > passwordHashLimits.scryptMaxWorkBytes)
    return 'expected scrypt work 128·N·r·p of at most 128 MiB (e.g. ln=16,r=8,p=2): each check would take seconds';
  return undefined;
}

/** A bcrypt or scrypt hash, never a plain password; also the admin listener's `users`. */
export const passwordHash = z.string().superRefine((value, ctx) => {
  const problem = hashProblem(value);
  if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
});

/** Defaults of a `basic` auth block. */
export const basicAuthDefaults = {
  realm: 'sluice',
  /** Failed checks from one client address within `failure_window` before it gets 429s. */
  max_failures: 10,
  failure_window_ms: 60_000,
} as const;

/** @internal */
export const basicAuthSchema = z.strictObject({
  type: z.literal('basic'),
  /** Shown by browsers in the login prompt. */
  realm: z
    .string()
    .regex(/^[\x20-\x7e]{1,128}$/, 'expected printable ASCII')
    .refine((realm) => !/["\\]/.test(realm), { message: 'expected no quotes or backslashes' })
    .default(basicAuthDefaults.realm),
  users: z
    .record(z.string().regex(/^[^:\s]{1,128}$/, 'expected a user name without ":" or spaces'), passwordHash)
    .refine((users) => Object.keys(users).length > 0, { message: 'expected at least one user' }),
  /** Wrong passwords from one client address within `failure_window`; then 429 until it passes. */
  max_failures: z.number().int('expected a whole number').min(1, 'expected at least 1').default(basicAuthDefaults.max_failures),
  failure_window: duration()
    .refine((ms) => ms >= 1_000, { message: 'expected at least 1s' })
    .default(basicAuthDefaults.failure_window_ms),
});

/** @internal */
export const authSchema = z.discriminatedUnion('type', [basicAuthSchema, jwtAuthSchema], {
  error: (issue) => (issue.input === undefined ? 'required: expected type to be one of: basic, jwt' : 'expected type to be one of: basic, jwt'),
});
