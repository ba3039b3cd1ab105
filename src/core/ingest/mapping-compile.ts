/**
 * Compiles a parameter value written in API Gateway HTTP API mapping syntax, once, at config
 * load: a whole-value reference (`$request.body.a`), static text, or text with `${…}`
 * references in it (`"prefix-${request.header.x}"`). The same compiled value is evaluated per
 * request by the local executor (`mapping-evaluate.ts`) and written back as a native
 * `RequestParameters` value (`mapping-render.ts`), so both faces read one meaning.
 *
 * References (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-parameter-mapping.html):
 * `request.body` (the whole body), `request.body<JSONPath>`, `request.header.<name>`,
 * `request.querystring.<name>`, `request.path`, `request.path.<name>`, `context.requestId`,
 * `context.identity.sourceIp`, `context.authorizer.claims.<name>`.
 */
import { parseJsonPath, type JsonPathStep } from './json-path.js';

/** Where a reference reads from. */
export type MappingReference =
  /** The body: all of it (no steps) or one value of its JSON. */
  | { readonly kind: 'body'; readonly steps: readonly JsonPathStep[] }
  /** A request header; `name` in lower case (header names are case-insensitive). */
  | { readonly kind: 'header'; readonly name: string }
  /** A query string parameter; names are case-sensitive, as on API Gateway. */
  | { readonly kind: 'querystring'; readonly name: string }
  /** The request path (`name` absent) or one of the route's path parameters. */
  | { readonly kind: 'path'; readonly name?: string }
  | { readonly kind: 'context'; readonly name: ContextVariable }
  /** A claim of the JWT that authorized the request. */
  | { readonly kind: 'claim'; readonly name: string };

/** The `$context` variables Sluice provides locally and API Gateway provides natively. */
export type ContextVariable = 'requestId' | 'identity.sourceIp';

/** A piece of a compiled value: static text, or a reference read per request. */
export type MappingPart = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'ref'; readonly ref: MappingReference };

/**
 * A compiled value: its parts in order, adjacent texts merged. `$request.header.x` and
 * `${request.header.x}` compile to the same value, as they mean the same on API Gateway.
 */
export interface CompiledMapping {
  readonly parts: readonly MappingPart[];
}

/** The outcome of {@link compileMapping}: the value, or what is wrong with the text. */
export type MappingCompile = { readonly ok: true; readonly mapping: CompiledMapping } | { readonly ok: false; readonly message: string };

const CONTEXT_VARIABLES: readonly ContextVariable[] = ['requestId', 'identity.sourceIp'];
/** RFC 9110 §5.6.2 token: what a header name may be. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** API Gateway path parameter names (`/items/{id}`). */
const PATH_NAME = /^[A-Za-z0-9_-]+$/;
/** Query parameter and claim names: anything but space and the closing brace of `${…}`. */
const FREE_NAME = /^[^\s}]+$/u;

/** References that end in a name, and what that name may be. */
const NAMED: readonly { prefix: string; pattern: RegExp; what: string; build: (name: string) => MappingReference }[] = [
  { prefix: 'request.header.', pattern: HEADER_NAME, what: 'a header name', build: (name) => ({ kind: 'header', name: name.toLowerCase() }) },
  { prefix: 'request.querystring.', pattern: FREE_NAME, what: 'a query parameter name', build: (name) => ({ kind: 'querystring', name }) },
  { prefix: 'request.path.', pattern: PATH_NAME, what: 'a path parameter name (letters, digits, "_" or "-")', build: (name) => ({ kind: 'path', name }) },
  { prefix: 'context.authorizer.claims.', pattern: FREE_NAME, what: 'a claim name', build: (name) => ({ kind: 'claim', name }) },
];

const EXPECTED =
  'expected $request.body, $request.body.<path>, $request.header.<name>, $request.querystring.<name>, $request.path, $request.path.<name>, $context.requestId, $context.identity.sourceIp or $context.authorizer.claims.<name>';

/**
 * Compiles one value. A value that starts with `$` (not `${`) is one reference and nothing
 * else; any other value is text in which each `${…}` is a reference.
 *
 * @example
 * ```ts
 * compileMapping('$request.body.order.id');
 * // { ok: true, mapping: { parts: [{ kind: 'ref', ref: { kind: 'body', steps: [ …order, …id ] } }] } }
 * compileMapping('hook-${request.header.X-GitHub-Event}');
 * // { ok: true, mapping: { parts: [{ kind: 'text', text: 'hook-' }, { kind: 'ref', ref: { kind: 'header', name: 'x-github-event' } }] } }
 * compileMapping('${request.header.x'); // { ok: false, message: 'unclosed "${" at character 1' }
 * ```
 */
export function compileMapping(text: string): MappingCompile {
  if (text.startsWith('$') && !text.startsWith('${')) {
    const ref = compileReference(text.slice(1));
    return typeof ref === 'string' ? { ok: false, message: ref } : { ok: true, mapping: { parts: [{ kind: 'ref', ref }] } };
  }
  const parts: MappingPart[] = [];
  let rest = text;
  let offset = 0;
  while (rest !== '') {
    const open = rest.indexOf('${');
    if (open === -1) {
      pushText(parts, rest);
      break;
    }
    pushText(parts, rest.slice(0, open));
    const close = closingBrace(rest, open + 2);
    if (close === -1) return { ok: false, message: `unclosed "\${" at character ${offset + open + 1}` };
    const ref = compileReference(rest.slice(open + 2, close));
    if (typeof ref === 'string') return { ok: false, message: ref };
    parts.push({ kind: 'ref', ref });
    offset += close + 1;
    rest = rest.slice(close + 1);
  }
  return { ok: true, mapping: { parts } };
}

/**
 * A static value, taken as it is (never parsed): for values that come from config keys that
 * are not mapping syntax, such as a route's name. Text that starts with `$` or holds `${`
 * cannot be written as a native static value (API Gateway would read it as a reference), so
 * callers pass names that cannot hold them (route names are letters, digits, `.`, `_`, `-`).
 *
 * @example
 * ```ts
 * staticMapping('github-hooks'); // { parts: [{ kind: 'text', text: 'github-hooks' }] }
 * ```
 */
export function staticMapping(text: string): CompiledMapping {
  return { parts: text === '' ? [] : [{ kind: 'text', text }] };
}

function pushText(parts: MappingPart[], text: string): void {
  if (text === '') return;
  const last = parts.at(-1);
  if (last?.kind === 'text') parts[parts.length - 1] = { kind: 'text', text: last.text + text };
  else parts.push({ kind: 'text', text });
}

/** The index of the `}` closing a `${` whose content starts at `from`; quoted names may hold `}`. */
function closingBrace(text: string, from: number): number {
  let quote: string | undefined;
  for (let i = from; i < text.length; i += 1) {
    const char = text[i]!;
    if (quote !== undefined) {
      if (char === '\\') i += 1;
      else if (char === quote) quote = undefined;
    } else if (char === "'" || char === '"') {
      quote = char;
    } else if (char === '}') {
      return i;
    }
  }
  return -1;
}

/** The reference for `request.…` or `context.…` (no `$`, no braces), or what is wrong with it. */
function compileReference(text: string): MappingReference | string {
  if (text === 'request.body' || text.startsWith('request.body.') || text.startsWith('request.body[')) {
    const path = parseJsonPath(text.slice('request.body'.length));
    return path.ok ? { kind: 'body', steps: path.steps } : `bad JSONPath in $${text}: ${path.message}`;
  }
  if (text === 'request.path') return { kind: 'path' };
  for (const rule of NAMED) {
    if (!text.startsWith(rule.prefix)) continue;
    const name = text.slice(rule.prefix.length);
    if (!rule.pattern.test(name)) return `expected ${rule.what} after $${rule.prefix}, got "${name}"`;
    return rule.build(name);
  }
  if (text.startsWith('context.')) {
    const name = text.slice('context.'.length);
    if ((CONTEXT_VARIABLES as readonly string[]).includes(name)) return { kind: 'context', name: name as ContextVariable };
    return `unknown context variable $${text}: ${EXPECTED}`;
  }
  if (text.startsWith('stageVariables.')) return `$${text}: stage variables are not supported (Sluice deploys no stages); write the value itself`;
  return `unknown variable $${text}: ${EXPECTED}`;
}

/**
 * Whether a value is exactly `$request.body`: targets that carry bytes (S3 `Body`, Kinesis
 * `Data`) then send the body as received instead of its UTF-8 text.
 *
 * @example
 * ```ts
 * const compiled = compileMapping('$request.body');
 * compiled.ok && isWholeBody(compiled.mapping); // true
 * ```
 */
export function isWholeBody(mapping: CompiledMapping): boolean {
  const [only] = mapping.parts;
  return mapping.parts.length === 1 && only!.kind === 'ref' && only!.ref.kind === 'body' && only!.ref.steps.length === 0;
}
