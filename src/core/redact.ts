import { decodeFormComponent, FieldNames } from './field-names.js';
import { REDACTED } from './headers.js';

const ENCODED_REDACTED = encodeURIComponent(REDACTED);

/**
 * Replaces the values of the named parameters in a raw query string or form body, leaving
 * everything else byte for byte as the client sent it. Names are decoded first (`tok%65n` is
 * `token`) and matched by {@link FieldNames} (any case, `token[]`, `token[0]`, `user[token]`).
 * Pairs are split at `&` and also at `;`, the separator HTML 4 recommended and some servers
 * still accept, so `a=1;token=x` hides `x` whichever way the server reads it.
 *
 * @example
 * ```ts
 * redactPairs('Token=abc&page=2;token[]=x', new FieldNames(['token'])); // 'Token=%5BREDACTED%5D&page=2;token[]=%5BREDACTED%5D'
 * ```
 */
export function redactPairs(text: string, names: FieldNames): string {
  if (text === '' || names.empty) return text;
  let changed = false;
  const parts = text.split(/([&;])/);
  for (let i = 0; i < parts.length; i += 2) {
    const part = parts[i]!;
    if (part === '') continue;
    const eq = part.indexOf('=');
    const rawName = eq === -1 ? part : part.slice(0, eq);
    if (!names.matchesName(decodeFormComponent(rawName))) continue;
    parts[i] = `${rawName}=${ENCODED_REDACTED}`;
    changed = true;
  }
  return changed ? parts.join('') : text;
}

/**
 * Replaces the values of the named query parameters in a raw query string (see
 * {@link redactPairs}). A `Set` of names is accepted for callers of earlier versions.
 *
 * @example
 * ```ts
 * redactQuery('token=abc&page=2', new FieldNames(['token'])); // 'token=%5BREDACTED%5D&page=2'
 * ```
 */
export function redactQuery(query: string, names: FieldNames | ReadonlySet<string>): string {
  return redactPairs(query, names instanceof FieldNames ? names : new FieldNames([...names]));
}

/**
 * Headers whose value is a URL that can carry the same query parameters: a client's `Referer`
 * (often this very page with its token), an upstream's redirect `Location`, and the original
 * URL that rewriting proxies pass along.
 */
const URL_HEADERS = new Set(['referer', 'location', 'content-location', 'x-original-url', 'x-original-uri', 'x-rewrite-url', 'x-forwarded-uri']);

/**
 * Redacts the named query parameters inside URL-valued headers (`Referer`, `Location`, …).
 * Returns the same array when nothing changed.
 *
 * @example
 * ```ts
 * redactHeaderUrls(['Location', '/cb?token=abc'], new FieldNames(['token'])); // ['Location', '/cb?token=%5BREDACTED%5D']
 * ```
 */
export function redactHeaderUrls(raw: readonly string[], names: FieldNames): readonly string[] {
  if (names.empty) return raw;
  let out: string[] | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const value = raw[i + 1]!;
    const mark = value.indexOf('?');
    if (mark === -1 || !URL_HEADERS.has(raw[i]!.toLowerCase())) continue;
    const hash = value.indexOf('#', mark);
    const query = hash === -1 ? value.slice(mark + 1) : value.slice(mark + 1, hash);
    const redacted = redactPairs(query, names);
    if (redacted === query) continue;
    out ??= raw.slice();
    out[i + 1] = `${value.slice(0, mark + 1)}${redacted}${hash === -1 ? '' : value.slice(hash)}`;
  }
  return out ?? raw;
}

/**
 * A compiled set of JSON body field paths (see {@link FieldNames}): a bare name (`password`)
 * matches that key at any depth, in any case; a dotted path (`user.ssn`, `items.*.token`) is
 * anchored at the root, `*` matching any key or array index. The same names apply to form
 * fields and multipart parts (`redactBody`).
 *
 * @example
 * ```ts
 * const fields = new BodyFieldRedactor(['password', 'card.number']);
 * const body = { Password: 'x', card: { number: '4111' } };
 * fields.redact(body); // true; body is { Password: '[REDACTED]', card: { number: '[REDACTED]' } }
 * ```
 */
export class BodyFieldRedactor {
  readonly names: FieldNames;

  constructor(paths: readonly string[]) {
    this.names = new FieldNames(paths);
  }

  get empty(): boolean {
    return this.names.empty;
  }

  /** Redacts a parsed JSON value in place and says whether anything changed. */
  redact(value: unknown): boolean {
    let changed = this.#redactAnywhere(value);
    for (const path of this.names.anchored) changed = redactPath(value, path, 0) || changed;
    return changed;
  }

  #redactAnywhere(value: unknown): boolean {
    if (this.names.anywhere.size === 0 || value === null || typeof value !== 'object') return false;
    let changed = false;
    for (const [key, child] of Object.entries(value)) {
      if (this.names.anywhere.has(key.toLowerCase())) {
        (value as Record<string, unknown>)[key] = REDACTED;
        changed = true;
      } else {
        changed = this.#redactAnywhere(child) || changed;
      }
    }
    return changed;
  }
}

function redactPath(value: unknown, path: readonly string[], depth: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  const segment = path[depth]!;
  const container = value as Record<string, unknown>;
  let changed = false;
  for (const key of Object.keys(container)) {
    if (segment !== '*' && key.toLowerCase() !== segment) continue;
    if (depth === path.length - 1) {
      container[key] = REDACTED;
      changed = true;
    } else {
      changed = redactPath(container[key], path, depth + 1) || changed;
    }
  }
  return changed;
}
