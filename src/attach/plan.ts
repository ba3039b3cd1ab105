import type { Integration } from '@aws-sdk/client-api-gateway';
import type { RouteMapDocument } from '../functions/route-map.js';
import type { ApiSnapshot, SnapshotMethod } from './snapshot.js';

/** A method attach moves onto the proxy function. */
export interface PlannedChange {
  readonly method: SnapshotMethod;
  /** The `AWS_PROXY` integration it gets. */
  readonly integration: ProxyIntegration;
}

/** The `AWS_PROXY` integration a method gets on the proxy function: what `PutIntegration` is sent. */
export interface ProxyIntegration {
  readonly type: 'AWS_PROXY';
  readonly integrationHttpMethod: 'POST';
  readonly uri: string;
  readonly timeoutInMillis?: number;
  /** The original's path mappings (`integration.request.path.proxy` ← `method.request.path.proxy`). */
  readonly requestParameters?: Record<string, string>;
  /** The original's cache keys, so a cached stage keeps caching per path (one entry for every `{proxy+}` path otherwise). */
  readonly cacheKeyParameters?: string[];
  readonly cacheNamespace?: string;
}

/**
 * The `AWS_PROXY` integration that replaces `original` on the proxy function: its timeout, its
 * path-parameter mappings and its cache keys kept, as the method's resource still needs them
 * (`{proxy+}` above all); the other mappings go to the route map, which the proxy applies.
 *
 * @example
 * ```ts
 * proxyIntegration({ type: 'HTTP_PROXY', uri: 'https://b.example.com/{proxy}', requestParameters: { 'integration.request.path.proxy': 'method.request.path.proxy' } }, uri);
 * // { type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri, requestParameters: { 'integration.request.path.proxy': 'method.request.path.proxy' } }
 * ```
 */
export function proxyIntegration(original: Integration, proxyUri: string): ProxyIntegration {
  const pathMappings = Object.entries(original.requestParameters ?? {}).filter(([target]) => PATH_PARAMETER.test(target));
  return {
    type: 'AWS_PROXY',
    integrationHttpMethod: 'POST',
    uri: proxyUri,
    ...(original.timeoutInMillis !== undefined && { timeoutInMillis: original.timeoutInMillis }),
    ...(pathMappings.length > 0 && { requestParameters: Object.fromEntries(pathMappings) }),
    ...(original.cacheKeyParameters !== undefined && original.cacheKeyParameters.length > 0 && { cacheKeyParameters: [...original.cacheKeyParameters] }),
    ...(original.cacheNamespace !== undefined && { cacheNamespace: original.cacheNamespace }),
  };
}

/** A method attach leaves alone, and why. */
export interface SkippedMethod {
  readonly path: string;
  readonly httpMethod: string;
  readonly type: string;
  readonly reason: string;
}

/** What attach will do, and the snapshot detach will restore from. */
export interface AttachPlan {
  readonly changes: readonly PlannedChange[];
  /** Methods already on the proxy function, whose originals a previous attach kept. */
  readonly alreadyAttached: readonly SnapshotMethod[];
  readonly skipped: readonly SkippedMethod[];
  /** The route map the proxy function reads: one route per method on it. */
  readonly routeMap: RouteMapDocument;
  /** The snapshot to store: the API as read, with the originals of methods already attached. */
  readonly snapshot: ApiSnapshot;
}

/**
 * The URI API Gateway invokes a Lambda function by (`AWS_PROXY`).
 *
 * @example
 * ```ts
 * lambdaIntegrationUri('arn:aws:lambda:eu-west-1:123456789012:function:sluice-proxy');
 * // 'arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:sluice-proxy/invocations'
 * ```
 */
export function lambdaIntegrationUri(functionArn: string): string {
  return `arn:aws:apigateway:${functionArnPart(functionArn, 3)}:lambda:path/2015-03-31/functions/${functionArn}/invocations`;
}

/** @internal The region (3) or account (4) of a function ARN. */
export function functionArnPart(functionArn: string, index: 3 | 4): string {
  return functionArn.split(':')[index] ?? '';
}

/**
 * Plans attach (SPEC §5, pure): every `HTTP_PROXY` method, and every plain `HTTP` one without
 * mapping templates, becomes `AWS_PROXY` on the proxy function, keeping its timeout; each gets a
 * route in the route map with its original URI, its path parameters renamed to the method's
 * (`integration.request.path.x` ← `method.request.path.y`), its other `requestParameters` and
 * the stage's variables, which the proxy applies itself since Lambda proxy integrations do not.
 * What cannot move faithfully is skipped with the reason. With `previous` (an earlier attach's
 * snapshot), methods already on the function keep the originals it recorded, so attaching twice
 * never loses them.
 *
 * @example
 * ```ts
 * const plan = planAttach(await readApiSnapshot(client, apiId, 'prod'), functionArn);
 * plan.changes.length; // 4
 * ```
 */
export function planAttach(current: ApiSnapshot, functionArn: string, previous?: ApiSnapshot): AttachPlan {
  const proxyUri = lambdaIntegrationUri(functionArn);
  const recorded = new Map((previous?.methods ?? []).map((method) => [methodKey(method), method]));
  const changes: PlannedChange[] = [];
  const alreadyAttached: SnapshotMethod[] = [];
  const skipped: SkippedMethod[] = [];
  const methods: SnapshotMethod[] = [];
  for (const method of current.methods) {
    const { integration } = method;
    if (integration.type === 'AWS_PROXY' && integration.uri === proxyUri) {
      const original = recorded.get(methodKey(method));
      if (original === undefined || !previous?.attached?.includes(methodKey(method))) {
        skipped.push(skip(method, 'already on the proxy function, but no snapshot holds its original integration'));
        methods.push(method);
      } else {
        alreadyAttached.push(original);
        methods.push(original);
      }
      continue;
    }
    methods.push(method);
    const reason = whyNotMovable(method.httpMethod, integration);
    if (reason !== undefined) {
      skipped.push(skip(method, reason));
      continue;
    }
    changes.push({ method, integration: proxyIntegration(integration, proxyUri) });
  }
  const onFunction = [...alreadyAttached, ...changes.map((change) => change.method)];
  const routeMap: RouteMapDocument = {
    version: 1,
    ...(Object.keys(current.stageVariables).length > 0 && { stage_variables: { ...current.stageVariables } }),
    routes: onFunction.map(routeFor),
  };
  return {
    changes,
    alreadyAttached,
    skipped,
    routeMap,
    snapshot: { ...current, methods, functionArn, attached: onFunction.map(methodKey) },
  };
}

/** @internal `resourceId httpMethod`: a method's identity within its API. */
export function methodKey(method: Pick<SnapshotMethod, 'resourceId' | 'httpMethod'>): string {
  return `${method.resourceId} ${method.httpMethod}`;
}

function skip(method: SnapshotMethod, reason: string): SkippedMethod {
  return { path: method.path, httpMethod: method.httpMethod, type: method.integration.type ?? '?', reason };
}

function whyNotMovable(httpMethod: string, integration: Integration): string | undefined {
  switch (integration.type) {
    case 'HTTP_PROXY':
    case 'HTTP':
      if (integration.connectionType === 'VPC_LINK') return 'private integration through a VPC link: the proxy function cannot reach it';
      // The proxy sends the client's method; `ANY` on the integration is what passes it through.
      if (integration.httpMethod !== undefined && integration.httpMethod !== 'ANY' && integration.httpMethod !== httpMethod)
        return `calls the backend with ${integration.httpMethod}, not the client's method: the proxy function forwards the client's`;
      if (integration.type === 'HTTP' && hasTemplates(integration)) return 'non-proxy HTTP with mapping templates: a Lambda proxy cannot apply them';
      if (integration.uri === undefined || !/^https?:\/\//.test(integration.uri)) return 'no http(s) URI';
      return unmappableParameter(integration);
    case 'MOCK':
      return 'MOCK integration: no backend to forward to';
    case 'AWS':
      return 'AWS service integration: not an HTTP backend';
    case 'AWS_PROXY':
      return 'already a Lambda proxy integration (another function)';
    case undefined:
      return 'integration type unknown';
  }
}

/** A `requestParameters` entry the proxy cannot apply (multi-value or body targets, body sources). */
function unmappableParameter(integration: Integration): string | undefined {
  for (const [target, source] of Object.entries(integration.requestParameters ?? {})) {
    const kind = /^integration\.request\.(header|querystring|path)\./.exec(target)?.[1];
    // A path parameter is folded into the URI template, so it takes what a template can hold.
    const sources =
      kind === 'path'
        ? /^(method\.request\.path\.|stageVariables\.[A-Za-z0-9_]+$|'.*'$)/
        : /^(method\.request\.(header|querystring|path)\.|stageVariables\.|context\.|'.*'$)/;
    const sourceOk = sources.test(source);
    if (kind === undefined || !sourceOk) return `request parameter ${target} = ${source}: the proxy cannot apply it`;
  }
  return undefined;
}

function hasTemplates(integration: Integration): boolean {
  if (Object.keys(integration.requestTemplates ?? {}).length > 0) return true;
  return Object.values(integration.integrationResponses ?? {}).some((response) => Object.keys(response.responseTemplates ?? {}).length > 0);
}

const PATH_PARAMETER = /^integration\.request\.path\.(.+)$/;
const METHOD_PATH_SOURCE = /^method\.request\.path\.(.+)$/;

/** The route for one method: its URI in terms of the method's path parameters. */
function routeFor(method: SnapshotMethod): RouteMapDocument['routes'][number] {
  const { integration } = method;
  const requestParameters: Record<string, string> = {};
  // What each `{name}` of the URI becomes, all replaced in one pass: renaming one at a time
  // would rename again a name another mapping just produced (`{userId}` ← `{id}`, `{id}` ← `{postId}`).
  const replacements = new Map<string, (greedy: string) => string>();
  for (const [target, source] of Object.entries(integration.requestParameters ?? {})) {
    const targetName = PATH_PARAMETER.exec(target)?.[1];
    if (targetName === undefined) {
      requestParameters[target] = source;
      continue;
    }
    // `{id}` in the URI is filled from the method's `{userId}`: renamed to what the event
    // carries; a static or stage-variable source is written into the URI itself.
    const sourceName = METHOD_PATH_SOURCE.exec(source)?.[1];
    const stageVariable = /^stageVariables\.([A-Za-z0-9_]+)$/.exec(source)?.[1];
    replacements.set(targetName, (greedy) => {
      if (sourceName !== undefined) return `{${sourceName}${greedy}}`;
      if (stageVariable !== undefined) return `\${stageVariables.${stageVariable}}`;
      return encodeURIComponent(source.slice(1, -1));
    });
  }
  // `${stageVariables.x}` is not a path parameter: the `$` before its brace keeps it out.
  const uri = (integration.uri ?? '').replace(/(?<!\$)\{([^{}+]+)(\+?)\}/g, (whole, name: string, greedy: string) => replacements.get(name)?.(greedy) ?? whole);
  return {
    // API Gateway's methods are the route map's: GET…OPTIONS and ANY.
    method: method.httpMethod as RouteMapDocument['routes'][number]['method'],
    resource: method.path,
    uri,
    name: method.path,
    ...(Object.keys(requestParameters).length > 0 && { request_parameters: requestParameters }),
    ...(integration.timeoutInMillis !== undefined && { timeout_ms: integration.timeoutInMillis }),
  };
}
