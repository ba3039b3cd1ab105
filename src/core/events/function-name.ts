/**
 * Which function a request invokes (SPEC §4): a fixed name, or one taken from the path
 * (`/lambda/{name}/rest` with `function: "{path.0}"`), filtered by `allow`/`deny` globs, then
 * given `name_prefix`/`name_suffix`. A path segment must be a plain Lambda name — letters,
 * digits, `-` and `_` — so `..`, `.`, percent-escapes (`%2F`, `%2e%2e`), `:` (a qualifier or an
 * ARN) and empty segments are refused before any glob is consulted.
 */
import picomatch from 'picomatch';
import { FunctionNotAllowedError, InvalidFunctionNameError } from '../errors.js';

/** `{path.0}`, `{path.1}`…: the path segments after the route's prefix. */
const PLACEHOLDER = /\{path\.(\d+)\}/g;

/** What a path segment may be: a Lambda function name's characters, nothing that can change the path. */
const SEGMENT = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Invoke's `FunctionName` pattern (name, `name:qualifier`, partial ARN `123456789012:function:name`
 * or full ARN), from the Lambda API reference.
 */
const FUNCTION_IDENTIFIER =
  /^(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9_-]{1,64})(:(\$LATEST|[a-zA-Z0-9_-]{1,128}))?$/;

/**
 * True when `name` is something Invoke accepts as `FunctionName`.
 *
 * @example
 * ```ts
 * isFunctionIdentifier('arn:aws:lambda:us-west-2:123456789012:function:hello'); // true
 * isFunctionIdentifier('../admin'); // false
 * ```
 */
export function isFunctionIdentifier(name: string): boolean {
  return name.length <= 170 && FUNCTION_IDENTIFIER.test(name);
}

/**
 * The path segment indexes a template uses (`"{path.0}-{path.2}"` → `[0, 2]`); empty for a
 * fixed name.
 *
 * @example
 * ```ts
 * templateSegments('{path.0}'); // [0]
 * ```
 */
export function templateSegments(template: string): number[] {
  return [...template.matchAll(PLACEHOLDER)].map((match) => Number(match[1]));
}

export interface FunctionNameOptions {
  /** A fixed function identifier, or a template with `{path.N}` placeholders. */
  readonly template: string;
  /** Globs a path-derived name must match (required for templates by the config schema). */
  readonly allow?: readonly string[];
  /** Globs that refuse a path-derived name even when allowed. */
  readonly deny?: readonly string[];
  readonly prefix?: string;
  readonly suffix?: string;
}

/** The function to invoke and how many path segments named it (for `strip_path_prefix`). */
export interface ResolvedFunction {
  readonly name: string;
  readonly consumedSegments: number;
}

/**
 * Resolves the function for each request. Globs are compiled once (picomatch, case-sensitive
 * like Lambda names) and checked against the name before the prefix and suffix are added, as
 * the Caddy plugin's include/exclude lists are.
 *
 * @example
 * ```ts
 * const names = new FunctionNameResolver({ template: '{path.0}', allow: ['hello', 'report-*'], prefix: 'prod-' });
 * names.resolve('/hello/world'); // { name: 'prod-hello', consumedSegments: 1 }
 * names.resolve('/%2e%2e/admin'); // throws InvalidFunctionNameError (400)
 * names.resolve('/admin'); // throws FunctionNotAllowedError (404)
 * ```
 */
export class FunctionNameResolver {
  readonly fromPath: boolean;
  readonly #template: string;
  readonly #segments: number[];
  readonly #consumed: number;
  readonly #allow: ((name: string) => boolean) | undefined;
  readonly #deny: ((name: string) => boolean) | undefined;
  readonly #prefix: string;
  readonly #suffix: string;

  constructor(options: FunctionNameOptions) {
    this.#template = options.template;
    this.#segments = templateSegments(options.template);
    this.fromPath = this.#segments.length > 0;
    this.#consumed = this.fromPath ? Math.max(...this.#segments) + 1 : 0;
    const globs = (list: readonly string[] | undefined) => (list && list.length > 0 ? picomatch(list as string[], { dot: true }) : undefined);
    this.#allow = globs(options.allow);
    this.#deny = globs(options.deny);
    this.#prefix = options.prefix ?? '';
    this.#suffix = options.suffix ?? '';
  }

  /**
   * The function for a request whose path after the route's prefix is `rest`.
   *
   * @throws InvalidFunctionNameError when a segment is not a plain function name.
   * @throws FunctionNotAllowedError when the allow/deny lists refuse the name.
   */
  resolve(rest: string): ResolvedFunction {
    if (!this.fromPath) return { name: this.#prefix + this.#template + this.#suffix, consumedSegments: 0 };
    const parts = rest.split('/');
    // `rest` starts with "/" (or is empty): parts[0] is the empty string before it.
    const segments = parts.slice(1, 1 + this.#consumed);
    for (const index of this.#segments) {
      const segment = segments[index];
      if (segment === undefined || !SEGMENT.test(segment)) {
        throw new InvalidFunctionNameError(`path segment ${index} is not a function name`);
      }
    }
    const base = this.#template.replace(PLACEHOLDER, (_, index: string) => segments[Number(index)]!);
    if ((this.#allow !== undefined && !this.#allow(base)) || this.#deny?.(base) === true) {
      throw new FunctionNotAllowedError(`function ${base} is not served here`);
    }
    const name = this.#prefix + base + this.#suffix;
    if (!isFunctionIdentifier(name)) throw new InvalidFunctionNameError('the path does not name a valid function');
    return { name, consumedSegments: this.#consumed };
  }
}

/**
 * The path a function sees when `strip_path_prefix` is on: `rest` without the segments that
 * named the function; `/` when nothing is left.
 *
 * @example
 * ```ts
 * strippedPath('/hello/users/1', 1); // '/users/1'
 * ```
 */
export function strippedPath(rest: string, consumedSegments: number): string {
  let index = 0;
  for (let i = 0; i < consumedSegments; i += 1) {
    const next = rest.indexOf('/', index + 1);
    if (next === -1) return '/';
    index = next;
  }
  const path = rest.slice(index);
  return path === '' ? '/' : path;
}
