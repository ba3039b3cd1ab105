import type { Metrics } from '@aws-lambda-powertools/metrics';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { CaptureConfig } from '../core/config-schema.js';
import { BadRequestError, RouteNotMappedError, SluiceError, UpstreamUnreachableError } from '../core/errors.js';
import { findHeader } from '../core/headers.js';
import { LAMBDA_METRICS } from '../core/lambda-metrics.js';
import { QueueCaptureSink } from '../gateway/capture-sink.js';
import { capturePolicy, CaptureTap } from '../gateway/capture-tap.js';
import type { QueueLogger } from '../queue/sqs/transport.js';
import type { Queue } from '../queue/types.js';
import { checkProxyEvent } from './proxy-event-check.js';
import { errorResult, queryString, requestBody, requestRawHeaders, resultRawHeaders, toProxyResult, upstreamHeaders } from './proxy-event.js';
import { RouteMap } from './route-map.js';
import { FixedRouteMap, type RouteMapLookup } from './route-map-source.js';
import { forwardUpstream } from './upstream-request.js';

export interface ProxyHandlerOptions {
  /** One map for every API, or the maps per API and stage (`S3RouteMaps`). */
  readonly routes: RouteMap | RouteMapLookup;
  /** Where captures go; `undefined` turns the capture off (the function is a plain proxy). */
  readonly queue: Queue | undefined;
  readonly capture: CaptureConfig;
  /** Per-route `timeout_ms` wins. */
  readonly upstreamTimeoutMs: number;
  /** The capture gives up after this long (the client is answered all the same). @default 5000 */
  readonly captureTimeoutMs?: number;
  readonly logger: QueueLogger;
  /** `CaptureFailed` (Count) is emitted here, as CloudWatch EMF, for the alarm to watch. */
  readonly metrics: Metrics;
}

export type ProxyHandler = (event: unknown) => Promise<APIGatewayProxyResult>;

/** A Lambda function returns at most 6 MB; base64 makes binary bodies a third larger. */
const MAX_RESPONSE_BYTES = 4_500_000;

/**
 * The proxy function's logic (SPEC §5): an API Gateway REST proxy event (AWS_PROXY) for an
 * attached method is forwarded to that method's original backend from the route map (path
 * parameters filled into its URI template, query and body passed through, binary bodies via
 * base64), the backend's answer is returned as a proxy result (multi-value headers, every
 * Set-Cookie), and the exchange is captured (§1, `from` = the API's domain, `endpoint` = the
 * request path) to the queue before returning. A failed capture never fails the client's
 * request: it is logged and counted in the `CaptureFailed` metric.
 *
 * @example
 * ```ts
 * export const handler = createProxyHandler({ routes, queue, capture: config.capture, upstreamTimeoutMs: 29_000, logger, metrics });
 * ```
 */
export function createProxyHandler(options: ProxyHandlerOptions): ProxyHandler {
  const { queue, logger, metrics } = options;
  const maps = options.routes instanceof RouteMap ? new FixedRouteMap(options.routes) : options.routes;
  const captureTimeoutMs = options.captureTimeoutMs ?? 5_000;
  const policy = capturePolicy(options.capture);
  // The client is always answered: an API Gateway response cannot be cut before its last byte.
  const sink =
    queue === undefined
      ? undefined
      : new QueueCaptureSink({
          queue,
          onFailure: 'release',
          timeoutMs: captureTimeoutMs,
          failed: (error, tap) => {
            logger.error({ err: error, record_id: tap.id, route: tap.route }, 'capture failed; the client was answered without it');
            metrics.addMetric(LAMBDA_METRICS.captureFailed, MetricUnit.Count, 1);
            metrics.publishStoredMetrics();
          },
        });

  return async function proxyHandler(input: unknown): Promise<APIGatewayProxyResult> {
    const malformed = checkProxyEvent(input);
    if (malformed !== undefined) {
      const where = malformed.where === '' ? '' : ` at ${malformed.where}`;
      logger.warn({ where, problem: malformed.problem }, 'malformed API Gateway proxy event');
      return errorResult(new BadRequestError(`malformed API Gateway REST proxy event${where}: ${malformed.problem}`));
    }
    const event = input as APIGatewayProxyEvent;
    let body: Buffer;
    try {
      body = requestBody(event);
    } catch (error) {
      logger.warn({ err: error, resource: event.resource }, 'malformed request body');
      return errorResult(error as SluiceError);
    }
    const query = queryString(event);
    const { apiId, stage } = event.requestContext;
    let routes: RouteMap | undefined;
    try {
      routes = await maps.forApi(apiId, stage);
    } catch (error) {
      logger.error({ err: error, api_id: apiId, stage }, 'the route map could not be read');
      return errorResult(new RouteNotMappedError(`the route map of API ${apiId} stage ${stage} could not be read`, { cause: error }));
    }
    const resolved = routes?.resolve(event.httpMethod, event.resource, event.pathParameters, query, {
      headers: event.headers,
      query: event.queryStringParameters,
      stageVariables: event.stageVariables,
      context: event.requestContext,
    });
    if (resolved === undefined) {
      const error = new RouteNotMappedError(
        routes === undefined
          ? `no route map for API ${apiId} stage ${stage} (attach it with sluice attach)`
          : `the route map has no backend for ${event.httpMethod} ${event.resource}`,
      );
      logger.error({ method: event.httpMethod, resource: event.resource, api_id: apiId, stage }, error.message);
      return errorResult(error);
    }
    const rawHeaders = requestRawHeaders(event);
    const tap =
      sink === undefined
        ? undefined
        : new CaptureTap(policy, sink.write, {
            route: resolved.name,
            method: event.httpMethod,
            host: event.requestContext.domainName ?? findHeader(rawHeaders, 'host') ?? '',
            path: event.path,
            query,
            rawHeaders,
          });
    tap?.requestChunk(body);
    let result: APIGatewayProxyResult;
    try {
      const answer = await forwardUpstream({
        url: resolved.url,
        method: event.httpMethod,
        rawHeaders: withMappedHeaders(upstreamHeaders(rawHeaders), resolved.headers),
        body,
        timeoutMs: resolved.route.timeout_ms ?? options.upstreamTimeoutMs,
        maxResponseBytes: MAX_RESPONSE_BYTES,
      });
      result = toProxyResult(answer.status, answer.rawHeaders, answer.body);
      tap?.responseStart(answer.status, answer.rawHeaders);
      tap?.responseChunk(answer.body);
    } catch (error) {
      const failure = error instanceof SluiceError ? error : new UpstreamUnreachableError('the backend request failed', { cause: error });
      logger.warn({ err: failure, url: `${resolved.url.origin}${resolved.url.pathname}` }, failure.message);
      result = errorResult(failure);
      tap?.responseStart(result.statusCode, resultRawHeaders(result));
      tap?.responseChunk(Buffer.from(result.body, 'utf8'));
    }
    // Before returning: a frozen execution environment would never finish the send.
    if (tap !== undefined) await sink?.commit(tap);
    return result;
  };
}

/**
 * The upstream headers with the route's mapped `requestParameters` headers set: a mapped
 * header replaces the client's of the same name, as API Gateway's HTTP integration does.
 */
function withMappedHeaders(raw: string[], mapped: readonly (readonly [string, string])[]): string[] {
  if (mapped.length === 0) return raw;
  const names = new Set(mapped.map(([name]) => name.toLowerCase()));
  const kept: string[] = [];
  for (let index = 0; index < raw.length; index += 2) if (!names.has(raw[index]!.toLowerCase())) kept.push(raw[index]!, raw[index + 1]!);
  for (const [name, value] of mapped) kept.push(name, value);
  return kept;
}
