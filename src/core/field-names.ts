import { unescape } from 'node:querystring';

/**
 * A compiled list of field names to redact, shared by every place a name can appear: JSON keys,
 * form fields, multipart part names and query parameters. Names compare case-insensitively.
 *
 * A configured name is split into segments at `.` and at brackets, so `card.number` and
 * `card[number]` are the same path and `items[].secret` is `items.*.secret`:
 *
 * - a single segment (`password`) matches that name at any depth: a JSON key anywhere in the
 *   document, and any segment of a form or query name (`password`, `Password`,
 *   `user[password]`, `password[]`, `password[0]`);
 * - several segments (`card.number`, `items.*.secret`) are anchored at the root, `*` matching
 *   any one segment (a key, an array index, or the empty `[]` of a form array). A form or query
 *   name matches when the path is a prefix of its segments: `card[number][last4]` is inside
 *   `card.number`.
 *
 * @example
 * ```ts
 * const names = new FieldNames(['password', 'card.number']);
 * names.matchesName('user[Password]'); // true
 * names.matchesName('card[number]'); // true
 * names.matchesName('card[expiry]'); // false
 * ```
 */
export class FieldNames {
  readonly #anywhere: ReadonlySet<string>;
  readonly #anchored: readonly (readonly string[])[];

  constructor(names: readonly string[]) {
    const anywhere = new Set<string>();
    const anchored: string[][] = [];
    for (const name of names) {
      const segments = splitFieldName(name.trim().toLowerCase()).map((segment) => (segment === '' ? '*' : segment));
      if (segments.length === 1) anywhere.add(segments[0]!);
      else anchored.push(segments);
    }
    this.#anywhere = anywhere;
    this.#anchored = anchored;
  }

  get empty(): boolean {
    return this.#anywhere.size === 0 && this.#anchored.length === 0;
  }

  /** Names that match at any depth, lower case. */
  get anywhere(): ReadonlySet<string> {
    return this.#anywhere;
  }

  /** Paths anchored at the root, as lower-case segments (`*` for any one segment). */
  get anchored(): readonly (readonly string[])[] {
    return this.#anchored;
  }

  /**
   * Whether a form field, multipart part or query parameter of this name is to be redacted.
   * `name` is the decoded name (see {@link decodeFormComponent}).
   */
  matchesName(name: string): boolean {
    if (this.empty) return false;
    const segments = splitFieldName(name.trim().toLowerCase());
    for (const segment of segments) if (this.#anywhere.has(segment)) return true;
    for (const path of this.#anchored) {
      if (path.length > segments.length) continue;
      if (path.every((segment, i) => segment === '*' || segment === segments[i])) return true;
    }
    return false;
  }
}

/**
 * The segments of a field name: `user[password]` → `user`, `password`; `token[]` → `token`, ``;
 * `a.b[0]` → `a`, `b`, `0`. Brackets are read the way PHP, Rails and `qs` read them, dots the
 * way `qs` does with `allowDots`, so every framework's spelling of a nested name is covered.
 *
 * @example
 * ```ts
 * splitFieldName('items[0][secret]'); // ['items', '0', 'secret']
 * ```
 */
export function splitFieldName(name: string): string[] {
  if (!name.includes('[') && !name.includes('.')) return [name];
  return name.replaceAll(']', '').split(/[.[]/);
}

/**
 * Decodes a name from a query string or form body as servers do (WHATWG
 * `application/x-www-form-urlencoded`): `+` is a space, valid `%XX` sequences are decoded and
 * invalid ones kept as they are, so `tok%65n` is `token` and `tok%65n[%zz]` still `token[%zz]`.
 *
 * @example
 * ```ts
 * decodeFormComponent('tok%65n+x'); // 'token x'
 * ```
 */
export function decodeFormComponent(component: string): string {
  if (!component.includes('%') && !component.includes('+')) return component;
  // querystring.unescape falls back to a byte-wise decoder when decodeURIComponent throws.
  return unescape(component.replaceAll('+', ' '));
}
