/** Where an event is malformed and how. */
export interface EventProblem {
  /** The key path, e.g. `requestContext.apiId`. */
  readonly where: string;
  readonly problem: string;
}

const METHODS = new Set(['ANY', 'GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * Checks that an API Gateway REST proxy event (AWS_PROXY) has every field the proxy function
 * reads, with its type, as the Powertools parser's `APIGatewayProxyEventSchema` requires them.
 * Plain code rather than that schema: it would load zod on the function's cold start, which
 * took longer than the SQS client itself (issue 12 §4). `proxy-event-check.test.ts` holds the
 * two to the same verdicts.
 *
 * @returns the first problem, or `undefined` when the event is well-formed.
 * @example
 * ```ts
 * const problem = checkProxyEvent(input);
 * if (problem !== undefined) return errorResult(new BadRequestError(`malformed event at ${problem.where}: ${problem.problem}`));
 * ```
 */
export function checkProxyEvent(input: unknown): EventProblem | undefined {
  if (!isObject(input)) return { where: '', problem: 'expected an object' };
  for (const key of ['resource', 'path'] as const) if (typeof input[key] !== 'string') return { where: key, problem: 'expected a string' };
  if (typeof input.httpMethod !== 'string' || !METHODS.has(input.httpMethod)) return { where: 'httpMethod', problem: 'expected an HTTP method' };
  for (const key of ['headers', 'pathParameters', 'stageVariables'] as const) {
    if (input[key] !== undefined && input[key] !== null && !isRecordOf(input[key], isString)) return { where: key, problem: 'expected a mapping of strings' };
  }
  // Present, even when null: API Gateway always sends these.
  if (input.queryStringParameters !== null && !isRecordOf(input.queryStringParameters, isString)) {
    return { where: 'queryStringParameters', problem: 'expected a mapping of strings or null' };
  }
  for (const key of ['multiValueHeaders', 'multiValueQueryStringParameters'] as const) {
    const value = input[key];
    const optional = key === 'multiValueHeaders' && value === undefined;
    if (!optional && value !== null && !isRecordOf(value, isStringArray)) return { where: key, problem: 'expected a mapping of string lists or null' };
  }
  if (input.body !== null && typeof input.body !== 'string') return { where: 'body', problem: 'expected a string or null' };
  if (typeof input.isBase64Encoded !== 'boolean') return { where: 'isBase64Encoded', problem: 'expected a boolean' };
  return checkRequestContext(input.requestContext);
}

function checkRequestContext(context: unknown): EventProblem | undefined {
  if (!isObject(context)) return { where: 'requestContext', problem: 'expected an object' };
  for (const key of ['accountId', 'apiId', 'stage', 'protocol', 'requestId', 'requestTime', 'resourcePath', 'path', 'httpMethod'] as const) {
    if (typeof context[key] !== 'string') return { where: `requestContext.${key}`, problem: 'expected a string' };
  }
  if (typeof context.requestTimeEpoch !== 'number') return { where: 'requestContext.requestTimeEpoch', problem: 'expected a number' };
  if (context.domainName !== undefined && context.domainName !== null && typeof context.domainName !== 'string') {
    return { where: 'requestContext.domainName', problem: 'expected a string' };
  }
  if (!isObject(context.identity)) return { where: 'requestContext.identity', problem: 'expected an object' };
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every(isString);
}

function isRecordOf(value: unknown, item: (value: unknown) => boolean): boolean {
  return isObject(value) && Object.values(value).every(item);
}
