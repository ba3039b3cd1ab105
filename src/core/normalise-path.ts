/**
 * One meaning per request path. Routing, auth, capture and the upstream all use the path this
 * returns, so `/public/../admin` cannot match one route while the upstream serves another.
 *
 * The rules follow nginx (`ngx_http_parse_complex_uri`) where it refuses, and RFC 3986 where it
 * rewrites:
 * - Percent-encoded unreserved characters (`ALPHA DIGIT - . _ ~`) are decoded: RFC 3986
 *   §6.2.2.2 makes `%2e` and `.`, `%61` and `a` the same URI, and decoding them is what lets
 *   `%2e%2e` be seen as a dot segment and `/%61dmin` as `/admin`. Nothing is decoded twice:
 *   `%252e` stays `%252e`.
 * - Every other percent-encoding stays encoded, with its hex digits in upper case (§6.2.2.1), so
 *   the upstream receives the bytes the client meant and `%c3%a9` matches a route's `%C3%A9`.
 * - Dot segments are removed (§5.2.4) and repeated slashes merged, as nginx does with its
 *   default `merge_slashes on` and Caddy's path cleaning; a trailing slash is kept.
 * - Refused (BadPathError, 400): a path not starting with `/`; invalid percent-encoding; an
 *   encoded `/` or `\` (`%2F`, `%5C`: decoding them would change the segments, keeping them
 *   lets a `..%2f` reach an upstream that decodes first); encoded NUL; a raw backslash (a
 *   separator on Windows upstreams); a `#` (no fragment belongs in a request target); a `..`
 *   that climbs above the root (nginx answers 400 where RFC 3986 would clamp it).
 */
import { BadPathError } from './errors.js';

/** Anything that may need rewriting or refusing; most paths have none and are returned as they are. */
const NEEDS_WORK = /[%\\#]|\/\.|\/\//;

const SLASH = 0x2f;

/**
 * The normalised form of a request path (without its query), or a `BadPathError` saying why it
 * has none.
 *
 * @example
 * ```ts
 * normalisePath('/public/%2e%2e/admin//x'); // '/admin/x'
 * normalisePath('/files/caf%c3%a9');        // '/files/caf%C3%A9'
 * normalisePath('/a/..%2fb');               // throws BadPathError, reason 'encoded_separator'
 * ```
 */
export function normalisePath(path: string): string {
  if (path.charCodeAt(0) !== SLASH) throw new BadPathError('not_absolute', 'the request path must start with "/"');
  if (!NEEDS_WORK.test(path)) return path;
  return removeDotSegments(decodeUnreserved(path));
}

/** Decodes `%XX` triplets of unreserved characters, upper-cases the others, refuses the unsafe. */
function decodeUnreserved(path: string): string {
  if (path.includes('\\')) throw new BadPathError('backslash', 'the request path contains a backslash');
  if (path.includes('#')) throw new BadPathError('fragment', 'the request path contains "#"');
  let percent = path.indexOf('%');
  if (percent === -1) return path;
  let out = '';
  let copied = 0;
  while (percent !== -1) {
    const high = hexValue(path.charCodeAt(percent + 1));
    const low = hexValue(path.charCodeAt(percent + 2));
    if (high === -1 || low === -1) throw new BadPathError('bad_encoding', 'the request path has an invalid percent-encoding');
    const byte = high * 16 + low;
    if (byte === 0x2f || byte === 0x5c) throw new BadPathError('encoded_separator', 'the request path contains an encoded "/" or "\\"');
    if (byte === 0) throw new BadPathError('nul', 'the request path contains an encoded NUL');
    out += path.slice(copied, percent);
    out += isUnreserved(byte) ? String.fromCharCode(byte) : `%${HEX[high]}${HEX[low]}`;
    copied = percent + 3;
    percent = path.indexOf('%', copied);
  }
  return out + path.slice(copied);
}

/**
 * RFC 3986 §5.2.4 on whole segments, with empty segments merged (`//`) and a `..` above the root
 * refused. A path that ends in `/`, `/.` or `/..` keeps its trailing slash, as §5.2.4 does.
 */
function removeDotSegments(path: string): string {
  const segments = path.split('/');
  const kept: string[] = [];
  let trailingSlash = false;
  // segments[0] is the empty string before the leading "/".
  for (let i = 1; i < segments.length; i += 1) {
    const segment = segments[i]!;
    const last = i === segments.length - 1;
    if (segment === '..') {
      if (kept.length === 0) throw new BadPathError('above_root', 'the request path climbs above the root');
      kept.pop();
      trailingSlash = last;
    } else if (segment === '.' || segment === '') {
      trailingSlash = last;
    } else {
      kept.push(segment);
      trailingSlash = false;
    }
  }
  if (kept.length === 0) return '/';
  const joined = `/${kept.join('/')}`;
  return trailingSlash ? `${joined}/` : joined;
}

const HEX = '0123456789ABCDEF';

function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  const lower = code | 0x20;
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10;
  return -1;
}

/** RFC 3986 §2.3: ALPHA / DIGIT / "-" / "." / "_" / "~". */
function isUnreserved(byte: number): boolean {
  return (
    (byte >= 0x41 && byte <= 0x5a) ||
    (byte >= 0x61 && byte <= 0x7a) ||
    (byte >= 0x30 && byte <= 0x39) ||
    byte === 0x2d ||
    byte === 0x2e ||
    byte === 0x5f ||
    byte === 0x7e
  );
}
