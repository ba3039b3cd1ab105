/**
 * API Gateway HTTP API Lambda integration, payload format 2.0: the event AWS builds for the
 * `$default` route, and the responses it accepts (including the shorthand of returning any JSON).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 */
import { MethodNotAllowedError } from '../errors.js';
import { API_GATEWAY_METHODS } from './apigw-v1.js';
import { encodeBody, type EncodedBody } from './binary.js';
import { jsonString, jsonStringArray, jsonStringRecord } from './json-text.js';
import { ACCOUNT_ID, API_ID, FORWARDED, hostDomain, queryPairs, requestTime } from './request-parts.js';
import { addHeader, bodyOf, isObject, parsePayload, scalarHeader, statusCodeOf, withLength } from './result-parts.js';
import { accepted, rejected, type EventFormat, type LambdaHttpRequest, type ParsedResult } from './types.js';

const ROUTE_KEY = '$default';

/** What a payload 2.0 event is made of, beyond the request's own fields. */
interface V2Parts {
  readonly headers: Record<string, string>;
  readonly cookies: string[];
  /** `undefined` when the request has no query parameters. */
  readonly query: Record<string, string> | undefined;
  readonly domain: string;
  readonly encoded: EncodedBody | undefined;
}

/** @throws MethodNotAllowedError for methods API Gateway does not have. */
function v2Parts(request: LambdaHttpRequest): V2Parts {
  const method = request.method;
  if (!API_GATEWAY_METHODS.has(method)) throw new MethodNotAllowedError(`API Gateway has no ${method} method`, [...API_GATEWAY_METHODS]);
  // One pass over the raw headers: this runs for every request of the default format.
  const raw = request.rawHeaders;
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  let forwardedFor: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const lower = raw[i]!.toLowerCase();
    const value = raw[i + 1]!;
    if (lower === 'cookie') {
      for (const cookie of value.split(';')) {
        const trimmed = cookie.trim();
        if (trimmed !== '') cookies.push(trimmed);
      }
      continue;
    }
    if (FORWARDED.has(lower)) {
      if (lower === 'x-forwarded-for') forwardedFor = forwardedFor === undefined ? value : `${forwardedFor}, ${value}`;
      continue;
    }
    const existing = headers[lower];
    headers[lower] = existing === undefined ? value : `${existing},${value}`;
  }
  headers['x-forwarded-for'] = forwardedFor === undefined ? request.sourceIp : `${forwardedFor}, ${request.sourceIp}`;
  headers['x-forwarded-port'] = String(request.port);
  headers['x-forwarded-proto'] = request.scheme;
  const parameters = queryPairs(request.query, true);
  let query: Record<string, string> | undefined;
  if (parameters.length > 0) {
    query = {};
    for (const [key, value] of parameters) {
      const existing = query[key];
      query[key] = existing === undefined ? value : `${existing},${value}`;
    }
  }
  return {
    headers,
    cookies,
    query,
    domain: hostDomain(headers.host ?? ''),
    encoded: request.body.length > 0 ? encodeBody(request.body, headers['content-type']) : undefined,
  };
}

/**
 * Builds the payload 2.0 event: header names in lower case, repeated headers and query
 * parameters joined with commas, `Cookie` headers moved into `cookies[]`, and `body`,
 * `cookies` and `queryStringParameters` left out when there are none.
 *
 * @throws MethodNotAllowedError for methods API Gateway does not have (TRACE, CONNECT…).
 * @example
 * ```ts
 * const event = createApiGatewayV2Event(request);
 * event.cookies; // ['session=abc', 'theme=dark']
 * ```
 */
export function createApiGatewayV2Event(request: LambdaHttpRequest) {
  const { headers, cookies, query, domain, encoded } = v2Parts(request);
  return {
    version: '2.0',
    routeKey: ROUTE_KEY,
    rawPath: request.path,
    rawQueryString: request.query,
    ...(cookies.length > 0 && { cookies }),
    headers,
    ...(query !== undefined && { queryStringParameters: query }),
    requestContext: {
      accountId: ACCOUNT_ID,
      apiId: API_ID,
      domainName: domain,
      domainPrefix: domain.split('.')[0] ?? '',
      http: {
        method: request.method,
        path: request.path,
        protocol: request.protocol,
        sourceIp: request.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: request.requestId,
      routeKey: ROUTE_KEY,
      stage: '$default',
      time: requestTime(request.timeEpochMs),
      timeEpoch: request.timeEpochMs,
    },
    ...(encoded !== undefined && { body: encoded.body }),
    isBase64Encoded: encoded?.isBase64Encoded ?? false,
  };
}

/**
 * The payload 2.0 event as JSON text: exactly `JSON.stringify(createApiGatewayV2Event(request))`,
 * written directly, since every request of the default format needs it.
 *
 * @throws MethodNotAllowedError for methods API Gateway does not have (TRACE, CONNECT…).
 * @example
 * ```ts
 * const payload = createApiGatewayV2Payload(request); // '{"version":"2.0","routeKey":"$default",…}'
 * ```
 */
export function createApiGatewayV2Payload(request: LambdaHttpRequest): string {
  const { headers, cookies, query, domain, encoded } = v2Parts(request);
  let json = `{"version":"2.0","routeKey":"$default","rawPath":${jsonString(request.path)},"rawQueryString":${jsonString(request.query)}`;
  if (cookies.length > 0) json += `,"cookies":${jsonStringArray(cookies)}`;
  json += `,"headers":${jsonStringRecord(headers)}`;
  if (query !== undefined) json += `,"queryStringParameters":${jsonStringRecord(query)}`;
  json +=
    `,"requestContext":{"accountId":${jsonString(ACCOUNT_ID)},"apiId":${jsonString(API_ID)},"domainName":${jsonString(domain)},` +
    `"domainPrefix":${jsonString(domain.split('.')[0] ?? '')},"http":{"method":${jsonString(request.method)},"path":${jsonString(request.path)},` +
    `"protocol":${jsonString(request.protocol)},"sourceIp":${jsonString(request.sourceIp)},"userAgent":${jsonString(headers['user-agent'] ?? '')}},` +
    `"requestId":${jsonString(request.requestId)},"routeKey":"$default","stage":"$default","time":${jsonString(requestTime(request.timeEpochMs))},` +
    `"timeEpoch":${JSON.stringify(request.timeEpochMs)}}`;
  if (encoded !== undefined) json += `,"body":${jsonString(encoded.body)}`;
  return `${json},"isBase64Encoded":${encoded?.isBase64Encoded === true}}`;
}

/**
 * Reads a payload 2.0 response as HTTP APIs do. A JSON object with `statusCode` is a full
 * response (`headers`, `cookies` → one `Set-Cookie` each, `body`, `isBase64Encoded`). Any other
 * JSON — an object without `statusCode`, a string, a number — is the shorthand: 200,
 * `application/json`, and the value as the body (a string as itself, anything else as JSON).
 *
 * @example
 * ```ts
 * parseApiGatewayV2Result('"hello"'); // 200, body 'hello'
 * parseApiGatewayV2Result('{"statusCode":201,"cookies":["a=1","b=2"]}'); // 201, two Set-Cookie
 * ```
 */
export function parseApiGatewayV2Result(payload: string): ParsedResult {
  const parsed = parsePayload(payload);
  if (parsed === undefined) return rejected('the response is not JSON');
  const response = parsed.value;
  if (!isObject(response) || !('statusCode' in response)) {
    const body = typeof response === 'string' ? Buffer.from(response, 'utf8') : Buffer.from(JSON.stringify(response), 'utf8');
    return accepted(withLength(200, ['Content-Type', 'application/json'], body));
  }
  const status = statusCodeOf(response.statusCode);
  if (typeof status === 'string') return rejected(status);
  const body = bodyOf(response.body, response.isBase64Encoded);
  if (typeof body === 'string') return rejected(body);
  const rawHeaders: string[] = [];
  const headers = response.headers;
  if (headers !== undefined && headers !== null) {
    if (!isObject(headers)) return rejected('headers must be an object');
    for (const [name, value] of Object.entries(headers)) {
      const text = scalarHeader(value, true);
      if (text === undefined) return rejected(`headers.${name} must be a string, got ${JSON.stringify(value)}`);
      const problem = addHeader(rawHeaders, name, text);
      if (problem) return rejected(problem);
    }
  }
  const cookies = response.cookies;
  if (cookies !== undefined && cookies !== null) {
    if (!Array.isArray(cookies)) return rejected('cookies must be an array of strings');
    for (const cookie of cookies) {
      if (typeof cookie !== 'string') return rejected(`cookies must hold strings, got ${JSON.stringify(cookie)}`);
      const problem = addHeader(rawHeaders, 'Set-Cookie', cookie);
      if (problem) return rejected(problem);
    }
  }
  return accepted(withLength(status, rawHeaders, body));
}

/** The `apigw-v2` format. */
export const apiGatewayV2: EventFormat = {
  name: 'apigw-v2',
  createEvent: createApiGatewayV2Event,
  createPayload: createApiGatewayV2Payload,
  parseResult: parseApiGatewayV2Result,
};
