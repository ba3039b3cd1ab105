/**
 * What a route's `auth` learned about the caller, carried with the request to its target: the
 * verified claims of a JWT, read by `params` as `$context.authorizer.claims.<name>` (as API
 * Gateway names them) and by Lambda events.
 *
 * @example
 * ```ts
 * const authorizer: Authorizer = { claims: { sub: 'user-1', scope: 'hooks/write' }, scopes: ['hooks/write'] };
 * authorizer.claims['sub']; // 'user-1'
 * ```
 */
export interface Authorizer {
  /** The token's payload, every claim as the issuer signed it (`sub`, `iss`, `exp`, custom ones…). */
  readonly claims: Readonly<Record<string, unknown>>;
  /** The token's scopes, from `scope` (space-separated) or `scp` (a list). */
  readonly scopes: readonly string[];
}
