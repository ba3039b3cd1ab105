import bcrypt from 'bcryptjs';

/**
 * A bcrypt hash as `htpasswd -nbB` writes it (`$2y$`), for `auth.users`.
 *
 * @example
 * ```ts
 * const users = { ops: htpasswdBcrypt('s3cret', 10) };
 * ```
 */
export function htpasswdBcrypt(password: string, cost = 4): string {
  return `$2y$${bcrypt.hashSync(password, cost).slice(4)}`;
}

/**
 * Raw `Authorization` header for the test HTTP client.
 *
 * @example
 * ```ts
 * await request(url, { headers: basicAuth('ops', 's3cret') });
 * ```
 */
export function basicAuth(user: string, password: string): string[] {
  return ['Authorization', `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`];
}

/**
 * A route config with a `basic` auth block in front of an HTTP target.
 *
 * @example
 * ```ts
 * authRoute('secret', '/secret', `${upstream.url}/echo`, { users: { ops: htpasswdBcrypt('pw') } });
 * ```
 */
export function authRoute(name: string, path: string, url: string, auth: Record<string, unknown>): Record<string, unknown> {
  return { name, match: { path }, target: { type: 'http', url }, auth: { type: 'basic', ...auth } };
}
