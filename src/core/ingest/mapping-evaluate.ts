/**
 * Evaluates compiled values against one request, locally, with the meaning API Gateway gives
 * them natively (see `mapping-compile.ts`):
 *
 * - Repeated headers and query parameters are joined with commas (`a,b`), as HTTP APIs do.
 * - JSON values from the body or a claim: strings as they are, anything else as JSON text
 *   (`42`, `true`, `{"a":1}`); `null` is no value.
 * - A body that is not JSON (or is over {@link JSON_PATH_BODY_LIMIT}) has no values under
 *   `$request.body.<path>`; `$request.body` is still all of it.
 * - Missing values: a reference that finds nothing is empty text inside a template, and a
 *   value that comes out empty is missing (`undefined`), so the parameter is left out. The
 *   service target answers 400 when a required parameter is missing, before calling AWS.
 */
import { Buffer } from 'node:buffer';
import type { CompiledMapping, MappingReference } from './mapping-compile.js';
import { selectJsonPath } from './json-path.js';

/**
 * API Gateway cuts the body at 100 KB before it selects a JSON path ("to send payloads larger
 * than 100 KB, specify `$request.body`"). The cut JSON no longer parses, so Sluice gives no
 * value for paths into bodies over this size, rather than a value AWS would not give.
 */
export const JSON_PATH_BODY_LIMIT = 100 * 1024;

/** What a mapping can read from a request: the gateway builds one per request. */
export interface MappingRequest {
  /** The body as received (bytes are decoded as UTF-8), or already as text. */
  readonly body: Uint8Array | string;
  /** Node's raw header list (`[name, value, name, value, …]`), case and repeats as sent. */
  readonly rawHeaders: readonly string[];
  /** The query string without `?` (`a=1&b=2`), as received. */
  readonly query: string;
  /** The normalised request path. */
  readonly path: string;
  /** Values of the route's path parameters (`/items/{id}`), when it has any. */
  readonly pathParameters?: Readonly<Record<string, string>>;
  readonly requestId: string;
  readonly sourceIp: string;
  /** Claims of the JWT that authorized the request, when a JWT authorizer ran. */
  readonly claims?: Readonly<Record<string, unknown>>;
}

/** Per-request reads shared by every value of a route: the body is decoded and parsed once. */
export class MappingScope {
  readonly #request: MappingRequest;
  #text: string | undefined;
  #json: { value: unknown } | undefined;
  #query: URLSearchParams | undefined;

  constructor(request: MappingRequest) {
    this.#request = request;
  }

  /** The text of one reference, or `undefined` when the request has no such value. */
  read(ref: MappingReference): string | undefined {
    const request = this.#request;
    switch (ref.kind) {
      case 'body':
        return ref.steps.length === 0 ? this.#bodyText() : jsonText(selectJsonPath(this.#bodyJson(), ref.steps));
      case 'header':
        return joinedHeader(request.rawHeaders, ref.name);
      case 'querystring': {
        this.#query ??= new URLSearchParams(request.query);
        const values = this.#query.getAll(ref.name);
        return values.length === 0 ? undefined : values.join(',');
      }
      case 'path':
        return ref.name === undefined ? request.path : ownValue(request.pathParameters, ref.name);
      case 'context':
        return ref.name === 'requestId' ? request.requestId : request.sourceIp;
      case 'claim':
        return request.claims !== undefined && Object.hasOwn(request.claims, ref.name) ? jsonText(request.claims[ref.name]) : undefined;
    }
  }

  #bodyText(): string {
    const { body } = this.#request;
    this.#text ??= typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
    return this.#text;
  }

  #bodyJson(): unknown {
    if (this.#json === undefined) {
      const { body } = this.#request;
      const size = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
      this.#json = { value: size > JSON_PATH_BODY_LIMIT ? undefined : parseJson(this.#bodyText()) };
    }
    return this.#json.value;
  }
}

/**
 * Evaluates one compiled value. `undefined` when it comes out empty (the parameter is left
 * out). Pass one {@link MappingScope} for all the values of a request so the body is parsed once.
 *
 * @example
 * ```ts
 * const compiled = compileMapping('order-${request.body.id}');
 * if (compiled.ok) {
 *   const scope = new MappingScope({ body: '{"id":7}', rawHeaders: [], query: '', path: '/orders', requestId: 'r-1', sourceIp: '127.0.0.1' });
 *   evaluateMapping(compiled.mapping, scope); // 'order-7'
 * }
 * ```
 */
export function evaluateMapping(mapping: CompiledMapping, scope: MappingScope): string | undefined {
  let out = '';
  for (const part of mapping.parts) out += part.kind === 'text' ? part.text : (scope.read(part.ref) ?? '');
  return out === '' ? undefined : out;
}

/**
 * Evaluates every value of a parameter map for one request. Parameters that come out empty
 * are absent from the result.
 *
 * @example
 * ```ts
 * const body = compileMapping('$request.body.order');
 * const group = compileMapping('$request.header.x-tenant');
 * if (body.ok && group.ok) {
 *   const request = { body: '{"order":{"id":7}}', rawHeaders: [], query: '', path: '/orders', requestId: 'r-1', sourceIp: '127.0.0.1' };
 *   evaluateParams({ MessageBody: body.mapping, MessageGroupId: group.mapping }, request); // { MessageBody: '{"id":7}' }
 * }
 * ```
 */
export function evaluateParams(params: Readonly<Record<string, CompiledMapping>>, request: MappingRequest | MappingScope): Record<string, string> {
  const scope = request instanceof MappingScope ? request : new MappingScope(request);
  const out: Record<string, string> = {};
  for (const [name, mapping] of Object.entries(params)) {
    const value = evaluateMapping(mapping, scope);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

function joinedHeader(raw: readonly string[], lowerName: string): string | undefined {
  let out: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i]!.length === lowerName.length && raw[i]!.toLowerCase() === lowerName) out = out === undefined ? raw[i + 1]! : `${out},${raw[i + 1]!}`;
  }
  return out;
}

function ownValue(record: Readonly<Record<string, string>> | undefined, name: string): string | undefined {
  return record !== undefined && Object.hasOwn(record, name) ? record[name] : undefined;
}

/** A JSON value as a parameter's text: strings as they are, others as JSON, `null` as nothing. */
function jsonText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
