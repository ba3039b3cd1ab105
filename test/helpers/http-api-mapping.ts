/**
 * An evaluator of API Gateway HTTP API parameter mapping values, written from AWS's
 * documentation (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-parameter-mapping.html)
 * and independent of src/core/ingest, so parity tests compare two readings of the same text:
 * `$request.header.name` (case-insensitive, repeats comma-joined), `$request.querystring.name`
 * (case-sensitive, repeats comma-joined), `$request.body` and `$request.body.<JSONPath>` (the
 * body cut at 100 KB first), `$request.path`, `$context.requestId`, `$context.identity.sourceIp`,
 * `$context.authorizer.claims.name`, static text and `${…}` inside text. A value that comes out
 * empty leaves the parameter out.
 */

/** The request as API Gateway sees it. */
export interface HttpApiRequest {
  readonly body: string;
  /** Header name and value pairs, repeats allowed. */
  readonly headers: readonly (readonly [string, string])[];
  readonly query: string;
  readonly path: string;
  readonly requestId: string;
  readonly sourceIp: string;
  readonly claims?: Readonly<Record<string, unknown>>;
}

const BODY_CUT = 100 * 1024;

/** Every `RequestParameters` value evaluated for one request; empty ones are absent. */
export function evaluateHttpApiParameters(parameters: Readonly<Record<string, string>>, request: HttpApiRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(parameters)) {
    const text = evaluateValue(value, request);
    if (text !== '') out[name] = text;
  }
  return out;
}

function evaluateValue(value: string, request: HttpApiRequest): string {
  if (value.startsWith('$') && !value.startsWith('${')) return variable(value.slice(1), request) ?? '';
  return value.replace(/\$\{([^}]*)\}/g, (_, name: string) => variable(name, request) ?? '');
}

function variable(name: string, request: HttpApiRequest): string | undefined {
  if (name === 'request.body') return request.body;
  if (name.startsWith('request.body')) return jsonText(select(parseCut(request.body), name.slice('request.body'.length)));
  if (name === 'request.path') return request.path;
  if (name === 'context.requestId') return request.requestId;
  if (name === 'context.identity.sourceIp') return request.sourceIp;
  if (name.startsWith('context.authorizer.claims.')) return jsonText(request.claims?.[name.slice('context.authorizer.claims.'.length)]);
  if (name.startsWith('request.header.')) {
    const wanted = name.slice('request.header.'.length).toLowerCase();
    const values = request.headers.filter(([key]) => key.toLowerCase() === wanted).map(([, v]) => v);
    return values.length === 0 ? undefined : values.join(',');
  }
  if (name.startsWith('request.querystring.')) {
    const values = new URLSearchParams(request.query).getAll(name.slice('request.querystring.'.length));
    return values.length === 0 ? undefined : values.join(',');
  }
  throw new Error(`not an HTTP API mapping variable: ${name}`);
}

function parseCut(body: string): unknown {
  const bytes = Buffer.from(body, 'utf8');
  try {
    return JSON.parse(bytes.subarray(0, BODY_CUT).toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** `.a.b`, `['a']`, `["a"]`, `[0]`: the JSONPath steps the documentation allows (no `..`, no filters). */
function select(root: unknown, path: string): unknown {
  let current = root;
  const step = /^(?:\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\])/;
  let rest = path;
  while (rest !== '') {
    const match = step.exec(rest);
    if (match === null) throw new Error(`unsupported JSONPath: ${path}`);
    const key = match[1] ?? match[3] ?? match[4];
    if (match[2] !== undefined) current = Array.isArray(current) ? current[Number(match[2])] : undefined;
    else current = current !== null && typeof current === 'object' && !Array.isArray(current) ? (current as Record<string, unknown>)[key!] : undefined;
    rest = rest.slice(match[0].length);
  }
  return current;
}

function jsonText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}
