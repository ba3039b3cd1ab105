/**
 * API Gateway's mapping-template runtime, for tests: `velocityjs` renders the template with the
 * `$input`, `$util` and `$context` variables API Gateway REST APIs give it
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html),
 * so a generated template can be checked for what it sends without AWS. serverless-offline's
 * `VelocityContext.js` is the reference for the shapes; the Java behaviours a template can see
 * are copied where they differ from JavaScript's:
 *
 * - `$util.escapeJavaScript` is Apache Commons Lang 2's `StringEscapeUtils.escapeJavaScript`
 *   (`'` → `\'`, `/` → `\/`, non-ASCII → `\uXXXX`), and returns a string whose `replaceAll`
 *   takes a Java regular expression, as `java.lang.String#replaceAll` does;
 * - `$util.urlEncode` is `java.net.URLEncoder` (form encoding: space → `+`, `*` kept);
 * - `$input.json` writes compact JSON; `$input.path` gives the value itself (objects and
 *   arrays as maps and lists, which velocityjs gives `keySet`, `get` and `size`).
 */
import velocity from 'velocityjs';
import { parseJsonPath, selectJsonPath } from '../../src/core/ingest/json-path.js';

/** The request a template is rendered for, as API Gateway has received and authorized it. */
export interface ApiGatewayRequest {
  readonly body: string;
  /** Header names as sent; one value each (a REST API's `$input.params().header` keeps the last). */
  readonly headers?: Readonly<Record<string, string>>;
  readonly querystring?: Readonly<Record<string, string>>;
  readonly pathParameters?: Readonly<Record<string, string>>;
  readonly requestId: string;
  readonly sourceIp: string;
  readonly httpMethod?: string;
  readonly resourcePath?: string;
  /** A Cognito user pools authorizer's claims (`$context.authorizer.claims`), every value text. */
  readonly claims?: Readonly<Record<string, string>>;
  /** A Lambda authorizer's context (`$context.authorizer.<key>`). */
  readonly authorizerContext?: Readonly<Record<string, string | number | boolean>>;
}

/** What a rendered template produced: its text and the overrides it set. */
export interface RenderedTemplate {
  readonly output: string;
  readonly requestOverride: { header: Record<string, string>; path: Record<string, string>; querystring: Record<string, string> };
  readonly responseOverride: { status?: number | string; header: Record<string, string> };
}

/**
 * Renders a mapping template as API Gateway would for `request`.
 *
 * @example
 * ```ts
 * const { output } = renderApiGatewayTemplate('{"id":"$input.path(\'$.id\')"}', { body: '{"id":7}', requestId: 'r-1', sourceIp: '127.0.0.1' });
 * // '{"id":"7"}'
 * ```
 */
export function renderApiGatewayTemplate(template: string, request: ApiGatewayRequest): RenderedTemplate {
  const requestOverride = { header: {}, path: {}, querystring: {} };
  const responseOverride = { header: {} };
  const params = {
    path: { ...request.pathParameters },
    querystring: { ...request.querystring },
    header: { ...request.headers },
  };
  const context = {
    input: {
      body: request.body,
      json: (path: string) => {
        const value = selectBody(request.body, path);
        return value === undefined ? '' : JSON.stringify(value);
      },
      path: (path: string) => selectBody(request.body, path),
      params: (name?: string) => {
        if (name === undefined) return params;
        for (const source of [params.path, params.querystring, params.header] as Record<string, string>[]) {
          if (Object.hasOwn(source, name)) return source[name];
        }
        return '';
      },
    },
    util: {
      escapeJavaScript: (text: unknown) => new JavaString(escapeJavaScript(String(text ?? ''))),
      base64Encode: (text: unknown) => Buffer.from(String(text ?? ''), 'utf8').toString('base64'),
      base64Decode: (text: unknown) => Buffer.from(String(text ?? ''), 'base64').toString('utf8'),
      urlEncode: (text: unknown) => javaUrlEncode(String(text ?? '')),
      urlDecode: (text: unknown) => decodeURIComponent(String(text ?? '').replaceAll('+', ' ')),
      parseJson: (text: unknown) => JSON.parse(String(text)) as unknown,
    },
    context: {
      requestId: request.requestId,
      httpMethod: request.httpMethod ?? 'POST',
      resourcePath: request.resourcePath ?? '/',
      identity: { sourceIp: request.sourceIp },
      authorizer: { ...request.authorizerContext, ...(request.claims !== undefined && { claims: { ...request.claims } }) },
      requestOverride,
      responseOverride,
    },
  };
  const output = new velocity.Compile(velocity.parse(template)).render(context);
  return { output, requestOverride, responseOverride };
}

/** A Java string as a template sees one: `replaceAll` takes a regular expression. */
class JavaString {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  replaceAll(regex: string, replacement: string): string {
    return this.#value.replace(new RegExp(regex, 'gu'), () => replacement);
  }

  toString(): string {
    return this.#value;
  }
}

/** `$input.path`'s JSONPath (`$`, `.a`, `['a']`, `[0]`) over the body's JSON; undefined when nothing is there. */
function selectBody(body: string, path: string): unknown {
  if (!path.startsWith('$')) throw new Error(`not a JSONPath: ${path}`);
  const parsed = parseJsonPath(path.slice(1));
  if (!parsed.ok) throw new Error(`unsupported JSONPath ${path}: ${parsed.message}`);
  let json: unknown;
  try {
    json = JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
  return selectJsonPath(json, parsed.steps);
}

const CONTROL_ESCAPES = new Map([
  [8, '\\b'],
  [9, '\\t'],
  [10, '\\n'],
  [12, '\\f'],
  [13, '\\r'],
]);

/** Commons Lang 2 `StringEscapeUtils.escapeJavaScript`: per UTF-16 unit, upper-case hex. */
function escapeJavaScript(text: string): string {
  let out = '';
  for (const unit of text.split('')) {
    const code = unit.charCodeAt(0);
    const hex = code.toString(16).toUpperCase().padStart(4, '0');
    if (code > 0x7f) out += `\\u${hex}`;
    else if (code < 32) out += CONTROL_ESCAPES.get(code) ?? `\\u${hex}`;
    else if (unit === "'" || unit === '"' || unit === '\\' || unit === '/') out += `\\${unit}`;
    else out += unit;
  }
  return out;
}

/** `java.net.URLEncoder.encode(text, "UTF-8")`: letters, digits and `.-*_` kept, space as `+`. */
function javaUrlEncode(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()~]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`)
    .replaceAll('%20', '+');
}
