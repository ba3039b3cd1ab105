import type { IncomingMessage, ServerResponse } from 'node:http';

/** What a handler learns about its request beyond node's `req`. */
export interface AdminContext {
  /** The pattern's `:name` segments, percent-decoded. */
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  /**
   * The request body parsed as JSON (POST only; the server has checked its content type and
   * origin). Rejects with `BadRequestError` (400) for bad JSON, `BodyTooLargeError` (413) over
   * the cap.
   */
  json(): Promise<unknown>;
}

/** An admin endpoint. `/ping`-style handlers that ignore the context fit too. */
export type AdminHandler = (req: IncomingMessage, res: ServerResponse, context: AdminContext) => Promise<void>;

export type AdminMethod = 'GET' | 'POST';

/** The result of looking a request up. */
export type AdminMatch =
  | { readonly kind: 'found'; readonly handler: AdminHandler; readonly params: Readonly<Record<string, string>> }
  | { readonly kind: 'method'; readonly allow: string }
  | { readonly kind: 'none' };

interface Route {
  readonly segments: readonly string[];
  readonly handlers: Map<AdminMethod, AdminHandler>;
}

/**
 * The admin listener's routes: exact paths (`/metrics`) and patterns with `:name` segments
 * (`/api/history/:id`), each with a handler per method. GET also answers HEAD (node drops the
 * body). Exact paths win over patterns, then the first pattern added, so `/api/dlq/redrive`
 * is never taken for `/api/dlq/:id`.
 *
 * @example
 * ```ts
 * const router = new AdminRouter().add('GET', '/api/history/:id', async (req, res, { params }) => { … });
 * router.match('GET', '/api/history/0190'); // { kind: 'found', params: { id: '0190' }, … }
 * router.match('DELETE', '/api/history/0190'); // { kind: 'method', allow: 'GET, HEAD' }
 * ```
 */
export class AdminRouter {
  readonly #exact = new Map<string, Route>();
  readonly #patterns: Route[] = [];

  /** Serves `handler` for `method` at `pattern`; replaces the handler already there. */
  add(method: AdminMethod, pattern: string, handler: AdminHandler): this {
    if (!pattern.startsWith('/')) throw new TypeError(`an admin path starts with "/": ${pattern}`);
    const segments = pattern.split('/').slice(1);
    const isPattern = segments.some((segment) => segment.startsWith(':'));
    let route = isPattern ? this.#patterns.find((candidate) => candidate.segments.join('/') === segments.join('/')) : this.#exact.get(pattern);
    if (route === undefined) {
      route = { segments, handlers: new Map() };
      if (isPattern) this.#patterns.push(route);
      else this.#exact.set(pattern, route);
    }
    route.handlers.set(method, handler);
    return this;
  }

  /** The paths served, for the startup log. */
  paths(): string[] {
    return [...this.#exact.keys(), ...this.#patterns.map((route) => `/${route.segments.join('/')}`)];
  }

  /** Looks up `method` (HEAD as GET) at `path` (without the query). */
  match(method: string, path: string): AdminMatch {
    let params: Record<string, string> | undefined = {};
    let route = this.#exact.get(path);
    if (route === undefined) {
      const segments = path.split('/').slice(1);
      for (const candidate of this.#patterns) {
        params = matchSegments(candidate.segments, segments);
        if (params !== undefined) {
          route = candidate;
          break;
        }
      }
    }
    if (route === undefined || params === undefined) return { kind: 'none' };
    const handler = route.handlers.get((method === 'HEAD' ? 'GET' : method) as AdminMethod);
    if (handler === undefined) return { kind: 'method', allow: allowOf(route) };
    return { kind: 'found', handler, params };
  }
}

function matchSegments(pattern: readonly string[], segments: readonly string[]): Record<string, string> | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, part] of pattern.entries()) {
    const segment = segments[index]!;
    if (part.startsWith(':')) {
      if (segment === '') return undefined;
      try {
        params[part.slice(1)] = decodeURIComponent(segment);
      } catch {
        return undefined;
      }
    } else if (part !== segment) {
      return undefined;
    }
  }
  return params;
}

function allowOf(route: Route): string {
  const methods: string[] = [];
  if (route.handlers.has('GET')) methods.push('GET', 'HEAD');
  if (route.handlers.has('POST')) methods.push('POST');
  return methods.join(', ');
}
