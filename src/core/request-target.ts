import { BadPathError, BadRequestError, UnsupportedSchemeError } from './errors.js';
import { normalisePath } from './normalise-path.js';

/** A request target split into the parts routing uses. */
export interface RequestTarget {
  /** The normalised path (see {@link normalisePath}): what routing, auth, capture and the upstream see. */
  readonly path: string;
  /** The query string exactly as sent, without `?` ('' when none). */
  readonly query: string;
  /** The authority of an absolute-form target (`api.example.com:8080`); undefined for origin-form. */
  readonly authority: string | undefined;
}

// RFC 3986 §3: scheme "://" authority, then path-abempty and query (no fragment in a request target).
const ABSOLUTE_FORM = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)([^?]*)(?:\?(.*))?$/s;

/**
 * Parses a request target (RFC 9112 §3.2): origin-form (`/path?query`) or absolute-form
 * (`http://host/path?query`, sent by clients that take the gateway for a forward proxy). The
 * path is normalised; the query is kept as sent.
 *
 * @throws BadRequestError for any other form (`*`, authority-form), UnsupportedSchemeError for an
 * absolute-form target that is not `http`/`https`, BadPathError for a path that cannot be
 * normalised safely.
 *
 * @example
 * ```ts
 * parseRequestTarget('/public/%2e%2e/admin?x=1'); // { path: '/admin', query: 'x=1', authority: undefined }
 * parseRequestTarget('http://api.example.com/v1?x'); // { path: '/v1', query: 'x', authority: 'api.example.com' }
 * ```
 */
export function parseRequestTarget(target: string): RequestTarget {
  if (target.charCodeAt(0) === 0x2f /* "/" */) {
    const mark = target.indexOf('?');
    return {
      path: normalisePath(mark === -1 ? target : target.slice(0, mark)),
      query: mark === -1 ? '' : target.slice(mark + 1),
      authority: undefined,
    };
  }
  const absolute = ABSOLUTE_FORM.exec(target);
  if (absolute === null) throw new BadRequestError('malformed request target');
  const [, scheme, authority, path, query] = absolute as unknown as [string, string, string, string, string | undefined];
  const lowerScheme = scheme.toLowerCase();
  if (lowerScheme !== 'http' && lowerScheme !== 'https') {
    throw new UnsupportedSchemeError(`the request target's scheme must be http or https, not "${lowerScheme.slice(0, 32)}"`);
  }
  // RFC 9110 §4.2.4: userinfo is not allowed in http(s) target URIs; it would only confuse who the host is.
  if (authority === '' || authority.includes('@')) throw new BadRequestError('malformed request target authority');
  if (path !== '' && path.charCodeAt(0) !== 0x2f) throw new BadPathError('not_absolute', 'the request path must start with "/"');
  return { path: path === '' ? '/' : normalisePath(path), query: query ?? '', authority };
}
