/**
 * What a route's native face does differently from the gateway, where the difference is one
 * API Gateway imposes and most users can live with: `sluice config check` prints each as a
 * warning on the route, so a deployment never differs in silence (issue 13 §2). Pure (no
 * aws-cdk-lib), like the plan it reads.
 */
import type { IngestService, MappingReference, ServiceParams } from '../../core/ingest/index.js';
import { compileRouteParams, type IngestRouteConfig } from './api-choice.js';
import type { FaceRoutes } from './api-plan.js';
import { ITEM_NESTING_LIMIT } from './vtl/dynamodb-template.js';

/** One difference on one route, shaped like a config warning. */
export interface NativeDifference {
  /**
   * Stable name for scripts: `native_reply_body` (HTTP API), `native_repeated_values`,
   * `native_body_types`, `native_item_depth` (REST API).
   */
  readonly code: 'native_reply_body' | 'native_repeated_values' | 'native_body_types' | 'native_item_depth';
  /** The route's key path (`routes[2]`). */
  readonly path: string;
  readonly message: string;
}

/** The gateway's reply body per service on the HTTP API's services (README "Replies"). */
const GATEWAY_REPLY: Readonly<Partial<Record<IngestService, string>>> = {
  sqs: '{"messageId":…}',
  kinesis: '{"sequenceNumber":…,"shardId":…}',
  eventbridge: '{"eventId":…}',
};

/**
 * The differences of each route on the face it goes to, in file order.
 *
 * - HTTP API: the reply body is the service's own answer (a first-class integration's response
 *   cannot be mapped), not the gateway's small JSON.
 * - REST API: a header or query parameter the route's `params` read gives its last value when
 *   sent twice (`$input.params()` keeps one), where the gateway joins them with commas; a body
 *   whose Content-Type has no request template is 415 and binary bodies are not passed (no
 *   `binaryMediaTypes`); DynamoDB items deeper than the template unrolls, or with a key holding
 *   `'`, are refused.
 *
 * @example
 * ```ts
 * const faces = faceRoutes(planIngestApis(config.routes), config.routes, false);
 * for (const difference of nativeDifferences(faces, config.routes)) console.warn(`${difference.path}: ${difference.message}`);
 * ```
 */
export function nativeDifferences(faces: FaceRoutes, routes: readonly { readonly name: string }[]): NativeDifference[] {
  const differences: { index: number; difference: NativeDifference }[] = [];
  for (const route of faces.http) {
    const index = routes.findIndex((candidate) => candidate.name === route.name);
    const path = `routes[${index}]`;
    differences.push({
      index,
      difference: {
        code: 'native_reply_body',
        path,
        message: `route "${route.name}" on the native HTTP API replies with ${route.target.type}'s own answer, not ${GATEWAY_REPLY[route.target.type] ?? "the gateway's reply"}`,
      },
    });
  }
  for (const { route, index } of faces.rest) {
    const path = `routes[${index}]`;
    const prefix = `route "${route.name}" on the native REST API`;
    const repeated = repeatableReads(route);
    if (repeated.length > 0) {
      differences.push({
        index,
        difference: {
          code: 'native_repeated_values',
          path,
          message: `${prefix}: ${repeated.join(', ')} sent twice gives its last value, not both joined with commas`,
        },
      });
    }
    differences.push({
      index,
      difference: {
        code: 'native_body_types',
        path,
        message: `${prefix}: bodies other than JSON, text, form, XML and CloudEvents are answered 415, and binary bodies are not passed`,
      },
    });
    if (route.target.type === 'dynamodb') {
      differences.push({
        index,
        difference: {
          code: 'native_item_depth',
          path,
          message: `${prefix}: items nested deeper than ${ITEM_NESTING_LIMIT} levels, or with a key holding "'", are refused with 400`,
        },
      });
    }
  }
  return differences.sort((a, b) => a.index - b.index).map(({ difference }) => difference);
}

/** The headers and query parameters a route's params read, as `header x-tenant`, in order. */
function repeatableReads(route: IngestRouteConfig): string[] {
  const compiled = compileRouteParams(route);
  const reads = new Set<string>();
  for (const ref of references(compiled.params)) {
    if (ref.kind === 'header') reads.add(`header ${ref.name}`);
    else if (ref.kind === 'querystring') reads.add(`query parameter ${ref.name}`);
  }
  return [...reads];
}

function references(params: ServiceParams | undefined): MappingReference[] {
  if (params === undefined) return [];
  return Object.values(params.params).flatMap((mapping) => mapping.parts.flatMap((part) => (part.kind === 'ref' ? [part.ref] : [])));
}
