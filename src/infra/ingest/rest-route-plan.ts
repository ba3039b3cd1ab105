/**
 * What one ingest route becomes on a REST API, or why it cannot: its parameters compiled as the
 * local face compiles them, the integration target and grant, and the generated templates.
 * Pure (no constructs), so `sluice config check` can report a route a REST API cannot express
 * before anything is synthesized.
 */
import type { ConfigIssue } from '../../core/errors.js';
import type { IngestTargetConfig, RouteConfig } from '../../core/config-schema.js';
import { compileServiceParams, type CompiledMapping, type JsonPathStep, type ServiceParams } from '../../core/ingest/index.js';
import { restServiceTarget, type RestArnContext, type RestServiceTarget } from './rest-service-target.js';
import { staticText } from './rest-static-value.js';
import type { DynamoDbTemplateInput } from './vtl/dynamodb-template.js';
import { mappingVtl, type ClaimSource } from './vtl/mapping-vtl.js';
import { requestTemplate } from './vtl/request-template.js';
import { successTemplate } from './vtl/response-templates.js';
import { paramVariable } from './vtl/template-parts.js';
import { vtlBlock } from './vtl/vtl-text.js';

/** A route the REST API serves, as the construct builds it. */
export interface RestRoutePlan {
  readonly route: RouteConfig;
  readonly target: IngestTargetConfig;
  readonly params: ServiceParams;
  readonly service: RestServiceTarget;
  /** The integration request template (`application/json`, and any content type). */
  readonly requestTemplate: string;
  /** The integration response template for success (before CORS is added). */
  readonly successTemplate: string;
}

/** What {@link planRestRoute} reads besides the route. */
export interface RestRoutePlanContext extends RestArnContext {
  /** Where the route's claims come from: a Cognito user pools authorizer, or Sluice's Lambda authorizer. */
  readonly claims: ClaimSource;
  /** The route's key path for issues, e.g. `routes[2]`. @default `routes[<name>]` */
  readonly path?: string;
}

/**
 * Plans a route, or lists every reason a REST API cannot express it.
 *
 * @example
 * ```ts
 * const planned = planRestRoute(route, { partition: 'aws', region: 'eu-west-1', account: '123456789012', claims: 'cognito' });
 * if (!planned.ok) throw new ConfigError('sluice.yaml', planned.issues);
 * ```
 */
export function planRestRoute(route: RouteConfig, context: RestRoutePlanContext): { ok: true; plan: RestRoutePlan } | { ok: false; issues: ConfigIssue[] } {
  const path = context.path ?? `routes[${route.name}]`;
  const target = route.target as IngestTargetConfig;
  const { params, issues } = compileServiceParams({
    service: target.type,
    routeName: route.name,
    target,
    ...(target.params !== undefined && { params: target.params }),
    path: `${path}.target`,
  });
  if (params === undefined) return { ok: false, issues };
  issues.push(...routeIssues(route, params, path));
  const service = restServiceTarget(params, context, `${path}.target`);
  if (Array.isArray(service)) issues.push(...service);
  const dynamodb = params.service === 'dynamodb' ? dynamoDbInput(params, `${path}.target`, issues) : undefined;
  if (issues.length > 0 || Array.isArray(service)) return { ok: false, issues };

  const options = { claims: context.claims, ...(dynamodb !== undefined && { dynamodb }) };
  const keyVtl = params.service === 's3' ? vtlBlock(mappingVtl(params.params.Key!, paramVariable('Key'), options)) : undefined;
  return {
    ok: true,
    plan: {
      route,
      target,
      params,
      service,
      requestTemplate: requestTemplate(params, options),
      successTemplate: successTemplate(params.service, {
        ...(keyVtl !== undefined && { keyVtl }),
        ...(params.service === 'dynamodb' && { table: staticText(params.params.TableName) ?? '' }),
      }),
    },
  };
}

/** What a REST API cannot do that the route asks. */
function routeIssues(route: RouteConfig, params: ServiceParams, path: string): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (route.match.host !== undefined)
    issues.push({ path: `${path}.match.host`, message: 'a REST API matches paths only; serve each host from its own API or custom domain' });
  if (route.auth?.type === 'basic') issues.push({ path: `${path}.auth`, message: 'basic auth is not expressible on a REST API: use jwt' });
  for (const [name, mapping] of Object.entries(params.params)) {
    const paramPath = `${path}.target.params.${name}`;
    if (references(mapping, (ref) => ref.kind === 'path' && ref.name === undefined)) {
      issues.push({
        path: paramPath,
        message:
          '$request.path is not expressible on a REST API (the stage and base path change it); name the object from a header or $context.requestId instead',
      });
    }
  }
  if (params.service === 'eventbridge' && params.params.Time !== undefined) {
    issues.push({
      path: `${path}.target.params.Time`,
      message: 'a REST API template cannot turn a timestamp into the epoch seconds PutEvents takes; leave Time out (EventBridge sets it)',
    });
  }
  if (params.service === 's3' && references(params.params.Key!, (ref) => ref.kind === 'body')) {
    issues.push({
      path: `${path}.target.key`,
      message: 'on a REST API the key cannot come from the body: the reply names the key, and the body is gone by then',
    });
  }
  return issues;
}

/** DynamoDB on REST: the item from the body (marshalled in the template), expression maps fixed JSON. */
function dynamoDbInput(params: ServiceParams, path: string, issues: ConfigIssue[]): DynamoDbTemplateInput | undefined {
  const [item] = params.params.Item!.parts;
  if (params.params.Item!.parts.length !== 1 || item!.kind !== 'ref' || item!.ref.kind !== 'body') {
    issues.push({ path: `${path}.params.Item`, message: 'on a REST API the item must be the body or a part of it ($request.body, $request.body.item)' });
    return undefined;
  }
  const itemPath: readonly JsonPathStep[] = item!.ref.steps;
  const names = staticJsonObject(params.params.ExpressionAttributeNames, `${path}.params.ExpressionAttributeNames`, issues);
  const values = staticJsonObject(params.params.ExpressionAttributeValues, `${path}.params.ExpressionAttributeValues`, issues);
  if (names !== undefined && !Object.values(names).every((value) => typeof value === 'string')) {
    issues.push({ path: `${path}.params.ExpressionAttributeNames`, message: 'expected a JSON object of strings' });
  }
  return {
    itemPath,
    ...(names !== undefined && { expressionAttributeNames: names as Record<string, string> }),
    ...(values !== undefined && { expressionAttributeValues: values }),
  };
}

function staticJsonObject(mapping: CompiledMapping | undefined, path: string, issues: ConfigIssue[]): Record<string, unknown> | undefined {
  if (mapping === undefined) return undefined;
  const text = staticText(mapping);
  if (text === undefined) {
    issues.push({ path, message: 'must be fixed JSON on a REST API (a template cannot marshal values read from the request into it)' });
    return undefined;
  }
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // Reported below.
  }
  issues.push({ path, message: 'expected a JSON object' });
  return undefined;
}

function references(mapping: CompiledMapping, test: (ref: Extract<CompiledMapping['parts'][number], { kind: 'ref' }>['ref']) => boolean): boolean {
  return mapping.parts.some((part) => part.kind === 'ref' && test(part.ref));
}
