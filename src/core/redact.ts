import { REDACTED } from './headers.js';

/**
 * Replaces the values of the named query parameters (case-insensitive) in a raw query string,
 * leaving everything else byte for byte as the client sent it.
 *
 * @example
 * ```ts
 * redactQuery('token=abc&page=2', new Set(['token'])); // 'token=%5BREDACTED%5D&page=2'
 * ```
 */
export function redactQuery(query: string, names: ReadonlySet<string>): string {
  if (query === '' || names.size === 0) return query;
  let changed = false;
  const parts = query.split('&').map((part) => {
    const eq = part.indexOf('=');
    const rawName = eq === -1 ? part : part.slice(0, eq);
    if (!names.has(safeDecode(rawName).toLowerCase())) return part;
    changed = true;
    return `${rawName}=${encodeURIComponent(REDACTED)}`;
  });
  return changed ? parts.join('&') : query;
}

function safeDecode(component: string): string {
  try {
    return decodeURIComponent(component.replace(/\+/g, ' '));
  } catch {
    return component;
  }
}

/**
 * A compiled set of JSON body field paths. A bare name (`password`) matches that key at any
 * depth; a dotted path (`user.ssn`, `items.*.token`) is anchored at the root, `*` matching any
 * key or array index.
 */
export class BodyFieldRedactor {
  readonly #anywhere: Set<string>;
  readonly #anchored: string[][];

  constructor(paths: readonly string[]) {
    this.#anywhere = new Set(paths.filter((path) => !path.includes('.')));
    this.#anchored = paths.filter((path) => path.includes('.')).map((path) => path.split('.'));
  }

  get empty(): boolean {
    return this.#anywhere.size === 0 && this.#anchored.length === 0;
  }

  /** Redacts a parsed JSON value in place and says whether anything changed. */
  redact(value: unknown): boolean {
    let changed = this.#redactAnywhere(value);
    for (const path of this.#anchored) changed = redactPath(value, path, 0) || changed;
    return changed;
  }

  #redactAnywhere(value: unknown): boolean {
    if (this.#anywhere.size === 0 || value === null || typeof value !== 'object') return false;
    let changed = false;
    for (const [key, child] of Object.entries(value)) {
      if (this.#anywhere.has(key)) {
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
  const keys = segment === '*' ? Object.keys(container) : Object.hasOwn(container, segment) ? [segment] : [];
  let changed = false;
  for (const key of keys) {
    if (depth === path.length - 1) {
      container[key] = REDACTED;
      changed = true;
    } else {
      changed = redactPath(container[key], path, depth + 1) || changed;
    }
  }
  return changed;
}
