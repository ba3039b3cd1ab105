/** What a `requestParameters` source expression can read from the request. */
export interface ParameterSources {
  readonly headers?: Readonly<Record<string, string | undefined>> | null;
  readonly query?: Readonly<Record<string, string | undefined>> | null;
  readonly pathParameters?: Readonly<Record<string, string | undefined>> | null;
  readonly stageVariables?: Readonly<Record<string, string | undefined>> | null;
  /** The event's `requestContext`, for `context.requestId`, `context.identity.sourceIp`, … */
  readonly context?: unknown;
}

/** The header and query-string values an integration's `requestParameters` produce. */
export interface MappedParameters {
  readonly headers: readonly (readonly [string, string])[];
  readonly query: readonly (readonly [string, string])[];
}

/**
 * Evaluates API Gateway `requestParameters` (`integration.request.header.x` ←
 * `method.request.header.y`, `method.request.querystring.y`, `method.request.path.y`,
 * `stageVariables.y`, `context.y`, or a `'static'` value) against a request, as API Gateway
 * would for an HTTP integration: a source the request lacks yields no parameter. Body sources
 * (`method.request.body…`) are not evaluated.
 *
 * @example
 * ```ts
 * mapRequestParameters(
 *   { 'integration.request.header.x-tenant': 'method.request.querystring.tenant', 'integration.request.querystring.v': "'2'" },
 *   { query: { tenant: 'acme' } },
 * ); // { headers: [['x-tenant', 'acme']], query: [['v', '2']] }
 * ```
 */
export function mapRequestParameters(parameters: Readonly<Record<string, string>>, sources: ParameterSources): MappedParameters {
  const headers: [string, string][] = [];
  const query: [string, string][] = [];
  for (const [target, source] of Object.entries(parameters)) {
    const where = /^integration\.request\.(header|querystring)\.(.+)$/.exec(target);
    if (where === null) continue;
    const value = evaluateSource(source, sources);
    if (value === undefined) continue;
    (where[1] === 'header' ? headers : query).push([where[2]!, value]);
  }
  return { headers, query };
}

/**
 * @internal One source expression's value, or `undefined` when the request lacks it.
 *
 * @example
 * ```ts
 * evaluateSource('stageVariables.env', { stageVariables: { env: 'prod' } }); // 'prod'
 * ```
 */
export function evaluateSource(source: string, sources: ParameterSources): string | undefined {
  if (source.length >= 2 && source.startsWith("'") && source.endsWith("'")) return source.slice(1, -1);
  const method = /^method\.request\.(header|querystring|path)\.(.+)$/.exec(source);
  if (method !== null) {
    const name = method[2]!;
    if (method[1] === 'header') return lookupIgnoringCase(sources.headers, name);
    return (method[1] === 'querystring' ? sources.query : sources.pathParameters)?.[name] ?? undefined;
  }
  const stage = /^stageVariables\.(.+)$/.exec(source);
  if (stage !== null) return sources.stageVariables?.[stage[1]!] ?? undefined;
  const context = /^context\.(.+)$/.exec(source);
  if (context !== null) {
    let value: unknown = sources.context;
    for (const part of context[1]!.split('.')) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[part] : undefined;
    return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
  }
  return undefined;
}

function lookupIgnoringCase(headers: Readonly<Record<string, string | undefined>> | null | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

/**
 * Fills `${stageVariables.name}` in a URI template; a variable the stage lacks becomes empty,
 * as API Gateway does.
 *
 * @example
 * ```ts
 * fillStageVariables('https://${stageVariables.host}/users', { host: 'api.example.com' }); // 'https://api.example.com/users'
 * ```
 */
export function fillStageVariables(template: string, variables: Readonly<Record<string, string | undefined>> | null | undefined): string {
  return template.replace(/\$\{stageVariables\.([A-Za-z0-9_]+)\}/g, (_, name: string) => variables?.[name] ?? '');
}
