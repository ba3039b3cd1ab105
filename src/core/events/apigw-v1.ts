/**
 * API Gateway REST API Lambda proxy integration (payload 1.0): the event AWS builds for a
 * `{proxy+}` resource, and the response it accepts.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html
 */
import { MethodNotAllowedError } from '../errors.js';
import { encodeBody } from './binary.js';
import {
  ACCOUNT_ID,
  API_ID,
  domainName,
  eventHeaderPairs,
  groupHeaders,
  groupPairs,
  headerValue,
  lastValues,
  queryPairs,
  requestTime,
} from './request-parts.js';
import { addHeader, bodyOf, hasHeader, isObject, parsePayload, scalarHeader, statusCodeOf, withLength } from './result-parts.js';
import { accepted, rejected, type EventFormat, type LambdaHttpRequest, type ParsedResult } from './types.js';

/** The methods a REST API method can have (its `ANY` covers these and no others). */
export const API_GATEWAY_METHODS: ReadonlySet<string> = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

/** The stage name events carry; REST APIs have no `$default` stage. */
const STAGE = 'sluice';

/** REST APIs leave these out of the event (they describe the connection to API Gateway). */
const DROPPED = new Set(['content-length', 'connection']);

/** The keys a proxy response may have; any other key makes it malformed. */
const RESPONSE_KEYS = new Set(['statusCode', 'headers', 'multiValueHeaders', 'body', 'isBase64Encoded']);

/**
 * Builds the REST API proxy event: `headers`/`queryStringParameters` hold the last value of a
 * repeated name, `multiValueHeaders`/`multiValueQueryStringParameters` every value; both query
 * maps are `null` without a query string; `body` is `null` without a body.
 *
 * @throws MethodNotAllowedError for methods API Gateway does not have (TRACE, CONNECT…).
 * @example
 * ```ts
 * const event = createApiGatewayV1Event(request);
 * event.multiValueHeaders.Accept; // ['text/html', 'application/json']
 * ```
 */
export function createApiGatewayV1Event(request: LambdaHttpRequest) {
  const method = request.method;
  if (!API_GATEWAY_METHODS.has(method)) throw new MethodNotAllowedError(`API Gateway has no ${method} method`, [...API_GATEWAY_METHODS]);
  const pairs = eventHeaderPairs(request, 'title').filter(([name]) => !DROPPED.has(name.toLowerCase()));
  const multiValueHeaders = groupHeaders(pairs);
  const query = queryPairs(request.query, true);
  const multiValueQuery = query.length > 0 ? groupPairs(query) : null;
  const proxy = request.path.length > 1 ? request.path.slice(1) : undefined;
  const resource = proxy === undefined ? '/' : '/{proxy+}';
  const hasBody = request.body.length > 0;
  const encoded = hasBody ? encodeBody(request.body, headerValue(pairs, 'content-type')) : undefined;
  const domain = domainName(pairs);
  return {
    resource,
    path: request.path,
    httpMethod: method,
    headers: lastValues(multiValueHeaders),
    multiValueHeaders,
    queryStringParameters: multiValueQuery === null ? null : lastValues(multiValueQuery),
    multiValueQueryStringParameters: multiValueQuery,
    pathParameters: proxy === undefined ? null : { proxy },
    stageVariables: null,
    requestContext: {
      accountId: ACCOUNT_ID,
      apiId: API_ID,
      resourceId: API_ID,
      resourcePath: resource,
      httpMethod: method,
      extendedRequestId: request.requestId,
      requestTime: requestTime(request.timeEpochMs),
      path: request.path,
      protocol: request.protocol,
      stage: STAGE,
      domainPrefix: domain.split('.')[0] ?? '',
      requestTimeEpoch: request.timeEpochMs,
      requestId: request.requestId,
      identity: {
        cognitoIdentityPoolId: null,
        accountId: null,
        cognitoIdentityId: null,
        caller: null,
        sourceIp: request.sourceIp,
        principalOrgId: null,
        accessKey: null,
        cognitoAuthenticationType: null,
        cognitoAuthenticationProvider: null,
        userArn: null,
        userAgent: headerValue(pairs, 'user-agent') ?? null,
        user: null,
      },
      domainName: domain,
      deploymentId: API_ID,
    },
    body: encoded?.body ?? null,
    isBase64Encoded: encoded?.isBase64Encoded ?? false,
  };
}

/**
 * Reads a proxy response as REST APIs do: a JSON object with at most `statusCode` (default
 * 200), `headers` (string or boolean values), `multiValueHeaders` (which win over `headers` for
 * the same name), `body` (a string) and `isBase64Encoded`. Anything else — another key, a
 * non-string body, a number as a header value — is the "Malformed Lambda proxy response" AWS
 * answers with 502. Without a Content-Type the response is `application/json`.
 *
 * @example
 * ```ts
 * parseApiGatewayV1Result('{"statusCode":200,"body":"hi"}'); // { ok: true, result: { status: 200, … } }
 * parseApiGatewayV1Result('{"statusCode":200,"body":{"a":1}}').ok; // false
 * ```
 */
export function parseApiGatewayV1Result(payload: string): ParsedResult {
  const parsed = parsePayload(payload);
  if (parsed === undefined) return rejected('the response is not JSON');
  const response = parsed.value;
  if (!isObject(response)) return rejected('the response must be a JSON object');
  for (const key of Object.keys(response)) {
    if (!RESPONSE_KEYS.has(key)) return rejected(`unexpected key ${JSON.stringify(key)} (a proxy response has only ${[...RESPONSE_KEYS].join(', ')})`);
  }
  const status = response.statusCode === undefined || response.statusCode === null ? 200 : statusCodeOf(response.statusCode);
  if (typeof status === 'string') return rejected(status);
  const body = bodyOf(response.body, response.isBase64Encoded);
  if (typeof body === 'string') return rejected(body);

  const rawHeaders: string[] = [];
  const multi = response.multiValueHeaders;
  if (multi !== undefined && multi !== null && !isObject(multi)) return rejected('multiValueHeaders must be an object');
  const single = response.headers;
  if (single !== undefined && single !== null && !isObject(single)) return rejected('headers must be an object');
  const multiNames = new Set(multi ? Object.keys(multi).map((name) => name.toLowerCase()) : []);
  if (single) {
    for (const [name, value] of Object.entries(single)) {
      const text = scalarHeader(value, false);
      if (text === undefined) return rejected(`headers.${name} must be a string, got ${JSON.stringify(value)}`);
      // "If the same key-value pair is specified in both, only the values from multiValueHeaders appear."
      if (multiNames.has(name.toLowerCase())) continue;
      const problem = addHeader(rawHeaders, name, text);
      if (problem) return rejected(problem);
    }
  }
  if (multi) {
    for (const [name, values] of Object.entries(multi)) {
      const list = Array.isArray(values) ? values : [values];
      for (const value of list) {
        const text = scalarHeader(value, false);
        if (text === undefined) return rejected(`multiValueHeaders.${name} must hold strings, got ${JSON.stringify(value)}`);
        const problem = addHeader(rawHeaders, name, text);
        if (problem) return rejected(problem);
      }
    }
  }
  if (!hasHeader(rawHeaders, 'content-type')) rawHeaders.push('Content-Type', 'application/json');
  return accepted(withLength(status, rawHeaders, body));
}

/** The `apigw-v1` format. */
export const apiGatewayV1: EventFormat = {
  name: 'apigw-v1',
  createEvent: createApiGatewayV1Event,
  createPayload: (request) => JSON.stringify(createApiGatewayV1Event(request)),
  parseResult: parseApiGatewayV1Result,
};
