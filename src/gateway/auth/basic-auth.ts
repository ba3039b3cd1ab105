import { createHmac, randomBytes } from 'node:crypto';
import type { BasicAuthConfig } from '../../core/config-schema.js';
import { verifyPassword } from './password-hash.js';

/** Verdicts remembered, so a client sending the same credentials pays bcrypt/scrypt once. */
const CACHE_ENTRIES = 1_024;

/**
 * HTTP Basic authentication (RFC 7617) against hashed passwords. Credentials are never logged
 * or stored: the verdict cache is keyed by an HMAC of them under a key that lives only in this
 * process. An unknown user costs the same hash computation as a known one, so timing does not
 * tell which user names exist.
 *
 * @example
 * ```ts
 * const basic = new BasicAuthenticator({ type: 'basic', realm: 'ops', users: { ops: '$2y$10$…' } });
 * await basic.verify(req.headers.authorization); // true when the credentials match
 * basic.challenge; // 'Basic realm="ops", charset="UTF-8"'
 * ```
 */
export class BasicAuthenticator {
  /** The `WWW-Authenticate` value of a 401. */
  readonly challenge: string;
  readonly #users: ReadonlyMap<string, string>;
  readonly #decoy: string;
  readonly #key = randomBytes(32);
  readonly #verdicts = new Map<string, boolean>();

  constructor(config: BasicAuthConfig) {
    this.challenge = `Basic realm="${config.realm}", charset="UTF-8"`;
    this.#users = new Map(Object.entries(config.users));
    this.#decoy = this.#users.values().next().value!;
  }

  /** True when `authorization` carries Basic credentials of a configured user. */
  async verify(authorization: string | undefined): Promise<boolean> {
    const credentials = parseBasic(authorization);
    if (credentials === undefined) return false;
    const key = createHmac('sha256', this.#key).update(credentials.user).update('\0').update(credentials.password).digest('base64');
    const known = this.#verdicts.get(key);
    if (known !== undefined) return known;
    const hash = this.#users.get(credentials.user);
    const matches = await verifyPassword(credentials.password, hash ?? this.#decoy);
    const verdict = hash !== undefined && matches;
    if (this.#verdicts.size >= CACHE_ENTRIES) this.#verdicts.delete(this.#verdicts.keys().next().value!);
    this.#verdicts.set(key, verdict);
    return verdict;
  }
}

/**
 * `Basic dXNlcjpwYXNz` → `{ user: 'user', password: 'pass' }`; undefined when it is not Basic.
 *
 * @example
 * ```ts
 * parseBasic('Basic ' + Buffer.from('ops:s3cret').toString('base64')); // { user: 'ops', password: 's3cret' }
 * ```
 */
export function parseBasic(authorization: string | undefined): { user: string; password: string } | undefined {
  if (authorization === undefined) return undefined;
  const match = /^basic[ \t]+([A-Za-z0-9+/]+=*)[ \t]*$/i.exec(authorization);
  if (match === null) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
