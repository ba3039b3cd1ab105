/**
 * The parameters of each ingest service, as data: which the service API takes, where each
 * gets its value when the route does not set it in `params` (a target key, a default mapping,
 * the route's name) and which are required. The local executor and the native synthesis read
 * this one table, so a default means the same on both faces.
 */
import type { ConfigIssue } from '../errors.js';
import { compileMapping, staticMapping, type CompiledMapping } from './mapping-compile.js';
import { evaluateParams, type MappingRequest, type MappingScope } from './mapping-evaluate.js';

/** The services an ingest route can put a request into. */
export type IngestService = 'sqs' | 'sns' | 's3' | 'kinesis' | 'dynamodb' | 'eventbridge';

/** How one parameter of a service API gets its value. */
export interface ServiceParamSpec {
  /** A request without it gets 400 and the service is not called. */
  readonly required: boolean;
  /** The target key (in mapping syntax too) that sets it, e.g. `queue_url` for `QueueUrl`. */
  readonly targetKey?: string;
  /** Its value when neither `params` nor the target key sets it, in mapping syntax. */
  readonly default?: string;
  /** Its value, when nothing else sets it, is the route's name (a static string). */
  readonly defaultsToRouteName?: true;
}

/** One service's parameters, and the groups of which exactly one must be set. */
export interface ServiceParamTable {
  readonly params: Readonly<Record<string, ServiceParamSpec>>;
  readonly exactlyOneOf?: readonly (readonly string[])[];
}

const optional: ServiceParamSpec = { required: false };

/**
 * Every ingest service's parameters (the names of its API: `SendMessage`, `Publish`,
 * `PutObject`, `PutRecord`, `PutItem`, `PutEvents`). The defaults do what a user means: the
 * whole body is the message, object, record, item or event detail.
 *
 * @example
 * ```ts
 * INGEST_SERVICE_PARAMS.sqs.params.MessageBody; // { required: true, default: '$request.body' }
 * ```
 */
export const INGEST_SERVICE_PARAMS: { readonly [S in IngestService]: ServiceParamTable } = {
  sqs: {
    params: {
      QueueUrl: { required: true, targetKey: 'queue_url' },
      MessageBody: { required: true, default: '$request.body' },
      DelaySeconds: optional,
      MessageAttributes: optional,
      MessageDeduplicationId: optional,
      MessageGroupId: optional,
      MessageSystemAttributes: optional,
    },
  },
  sns: {
    params: {
      TopicArn: { required: true, targetKey: 'topic_arn' },
      Message: { required: true, default: '$request.body' },
      Subject: optional,
      MessageAttributes: optional,
      MessageStructure: optional,
      MessageDeduplicationId: optional,
      MessageGroupId: optional,
    },
  },
  s3: {
    params: {
      Bucket: { required: true, targetKey: 'bucket' },
      Key: { required: true, targetKey: 'key', default: '${context.requestId}' },
      // The body as sent, with its Content-Type kept; an empty body is an empty object.
      Body: { required: false, default: '$request.body' },
      ContentType: { required: false, default: '$request.header.content-type' },
      CacheControl: optional,
      ContentDisposition: optional,
      ContentEncoding: optional,
      ContentLanguage: optional,
      Tagging: optional,
    },
  },
  kinesis: {
    params: {
      StreamName: { required: false, targetKey: 'stream_name' },
      StreamARN: { required: false, targetKey: 'stream_arn' },
      Data: { required: true, default: '$request.body' },
      PartitionKey: { required: true, default: '$context.requestId' },
      ExplicitHashKey: optional,
      SequenceNumberForOrdering: optional,
    },
    exactlyOneOf: [['StreamName', 'StreamARN']],
  },
  dynamodb: {
    params: {
      TableName: { required: true, targetKey: 'table' },
      // The JSON body; the target marshals plain JSON to DynamoDB's types.
      Item: { required: true, default: '$request.body' },
      ConditionExpression: optional,
      ExpressionAttributeNames: optional,
      ExpressionAttributeValues: optional,
    },
  },
  eventbridge: {
    params: {
      EventBusName: { required: false, targetKey: 'event_bus_name' },
      Source: { required: true, targetKey: 'source' },
      DetailType: { required: true, targetKey: 'detail_type', defaultsToRouteName: true },
      Detail: { required: true, default: '$request.body' },
      Resources: optional,
      Time: optional,
      TraceHeader: optional,
    },
  },
};

/** A route's compiled parameters: what the local executor evaluates and the synthesis renders. */
export interface ServiceParams {
  readonly service: IngestService;
  /** Every parameter that has a value source, by the service API's name. */
  readonly params: Readonly<Record<string, CompiledMapping>>;
  /** The names a request must give a value, else 400. */
  readonly required: readonly string[];
}

/** What {@link compileServiceParams} reads from a route's config. */
export interface ServiceParamsInput {
  readonly service: IngestService;
  /** The route's name: EventBridge's default `DetailType`. */
  readonly routeName: string;
  /** The target's keys (`queue_url`, `key`, `source`, …); other keys are ignored. */
  readonly target: Readonly<Record<string, unknown>>;
  /** The route's `params`, if any: strings in mapping syntax (YAML numbers and booleans are taken as their text). */
  readonly params?: Readonly<Record<string, unknown>>;
  /** The target's key path in the file, e.g. `routes[2].target`, for issues. */
  readonly path: string;
}

/**
 * Compiles a route's parameters: `params` first, then the target's keys, then the defaults.
 * Reports every problem (bad syntax, an unknown parameter name, a parameter set twice, a
 * required one with no value) as a config issue at its key path, and returns `undefined`
 * params when there is any.
 *
 * @example
 * ```ts
 * const { params, issues } = compileServiceParams({
 *   service: 'sqs', routeName: 'hooks', path: 'routes[0].target',
 *   target: { type: 'sqs', queue_url: 'https://sqs.eu-west-1.amazonaws.com/123456789012/hooks' },
 *   params: { MessageGroupId: '$request.header.x-tenant' },
 * });
 * // params.params: QueueUrl, MessageBody ($request.body) and MessageGroupId; params.required: ['QueueUrl', 'MessageBody']
 * ```
 */
export function compileServiceParams(input: ServiceParamsInput): { params: ServiceParams | undefined; issues: ConfigIssue[] } {
  const table = INGEST_SERVICE_PARAMS[input.service];
  const issues: ConfigIssue[] = [];
  const compiled: Record<string, CompiledMapping> = {};
  const compile = (text: string, path: string): CompiledMapping | undefined => {
    const result = compileMapping(text);
    if (result.ok) return result.mapping;
    issues.push({ path, message: result.message });
    return undefined;
  };

  for (const [name, text] of Object.entries(input.params ?? {})) {
    const path = `${input.path}.params.${name}`;
    const spec = Object.hasOwn(table.params, name) ? table.params[name] : undefined;
    if (spec === undefined) {
      issues.push({ path, message: `unknown ${input.service} parameter "${name}"; expected one of ${Object.keys(table.params).join(', ')}` });
      continue;
    }
    if (spec.targetKey !== undefined && input.target[spec.targetKey] !== undefined) {
      issues.push({ path, message: `set either ${input.path}.${spec.targetKey} or params.${name}, not both` });
      continue;
    }
    if (typeof text !== 'string' && typeof text !== 'number' && typeof text !== 'boolean') {
      issues.push({ path, message: 'expected a string in API Gateway mapping syntax ($request.body, static text, ${…})' });
      continue;
    }
    const mapping = compile(String(text), path);
    if (mapping !== undefined) compiled[name] = mapping;
  }

  for (const [name, spec] of Object.entries(table.params)) {
    if (Object.hasOwn(input.params ?? {}, name)) continue;
    const fromTarget = spec.targetKey === undefined ? undefined : input.target[spec.targetKey];
    let mapping: CompiledMapping | undefined;
    if (typeof fromTarget === 'string') mapping = compile(fromTarget, `${input.path}.${spec.targetKey!}`);
    else if (spec.default !== undefined) mapping = compile(spec.default, `${input.path}.params.${name}`);
    else if (spec.defaultsToRouteName === true) mapping = staticMapping(input.routeName);
    else if (spec.required) issues.push({ path: `${input.path}.${spec.targetKey ?? `params.${name}`}`, message: `required for ${input.service} targets` });
    if (mapping !== undefined) compiled[name] = mapping;
  }

  for (const group of table.exactlyOneOf ?? []) {
    const set = group.filter((name) => Object.hasOwn(compiled, name));
    if (set.length !== 1) {
      const keys = group.map((name) => table.params[name]?.targetKey ?? `params.${name}`);
      issues.push({ path: input.path, message: `set exactly one of ${keys.join(', ')}` });
    }
  }

  if (issues.length > 0) return { params: undefined, issues };
  const required = Object.entries(table.params)
    .filter(([, spec]) => spec.required)
    .map(([name]) => name);
  return { params: { service: input.service, params: compiled, required }, issues };
}

/**
 * Evaluates a route's parameters for one request. `missing` names the required parameters
 * that came out empty: the target answers 400 naming them and does not call the service.
 *
 * @example
 * ```ts
 * const { values, missing } = evaluateServiceParams(params, request);
 * if (missing.length > 0) throw new BadRequestError(`missing ${missing.join(', ')}`);
 * await sqs.send(new SendMessageCommand({ QueueUrl: values.QueueUrl, MessageBody: values.MessageBody }));
 * ```
 */
export function evaluateServiceParams(params: ServiceParams, request: MappingRequest | MappingScope): { values: Record<string, string>; missing: string[] } {
  const values = evaluateParams(params.params, request);
  return { values, missing: params.required.filter((name) => !Object.hasOwn(values, name)) };
}
