/**
 * Application Load Balancer Lambda targets: the event an ALB sends (multi-value headers on or
 * off, a target group attribute) and the response it accepts.
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/lambda-functions.html
 */
import { encodeBody } from './binary.js';
import { eventHeaderPairs, groupPairs, headerValue, lastValues, queryPairs } from './request-parts.js';
import { addHeader, bodyOf, isObject, parsePayload, scalarHeader, statusCodeOf, withLength } from './result-parts.js';
import { accepted, rejected, type EventFormat, type LambdaHttpRequest, type ParsedResult } from './types.js';

/** ALB refuses a Lambda response over 1 MB with 502. */
export const ALB_MAX_RESPONSE_BYTES = 1024 * 1024;

const TARGET_GROUP_ARN = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/sluice/0123456789abcdef';

/** Whether the target group has `lambda.multi_value_headers.enabled`. */
export interface AlbOptions {
  readonly multiValueHeaders: boolean;
}

/**
 * Builds an ALB event: header names in lower case; query parameters passed as sent (ALB does
 * not percent-decode them); `body` is `''` without a body. With multi-value headers off, a
 * repeated name keeps its last value in `headers`/`queryStringParameters`; with them on, every
 * value is in `multiValueHeaders`/`multiValueQueryStringParameters` and the single maps are absent.
 *
 * @example
 * ```ts
 * createAlbEvent(request, { multiValueHeaders: true }).multiValueQueryStringParameters; // { tag: ['a', 'b'] }
 * ```
 */
export function createAlbEvent(request: LambdaHttpRequest, options: AlbOptions) {
  const pairs = eventHeaderPairs(request, 'lower');
  const headers = groupPairs(pairs, (name) => name.toLowerCase());
  const query = groupPairs(queryPairs(request.query, false));
  const encoded = request.body.length > 0 ? encodeBody(request.body, headerValue(pairs, 'content-type')) : undefined;
  const common = {
    requestContext: { elb: { targetGroupArn: TARGET_GROUP_ARN } },
    httpMethod: request.method,
    path: request.path,
  };
  const body = { body: encoded?.body ?? '', isBase64Encoded: encoded?.isBase64Encoded ?? false };
  return options.multiValueHeaders
    ? { ...common, multiValueQueryStringParameters: query, multiValueHeaders: headers, ...body }
    : { ...common, queryStringParameters: lastValues(query), headers: lastValues(headers), ...body };
}

/**
 * Reads an ALB target response: `statusCode` is required; headers come from
 * `multiValueHeaders` when the target group has multi-value headers on and from `headers`
 * otherwise (the other map is ignored, as ALB ignores it); the response JSON may not exceed 1 MB.
 *
 * @example
 * ```ts
 * parseAlbResult('{"statusCode":200,"statusDescription":"200 OK","body":"hi"}', { multiValueHeaders: false }).ok; // true
 * ```
 */
export function parseAlbResult(payload: string, options: AlbOptions): ParsedResult {
  const size = Buffer.byteLength(payload);
  if (size > ALB_MAX_RESPONSE_BYTES) return rejected(`the response is ${size} bytes; ALB accepts at most ${ALB_MAX_RESPONSE_BYTES}`);
  const parsed = parsePayload(payload);
  if (parsed === undefined) return rejected('the response is not JSON');
  const response = parsed.value;
  if (!isObject(response)) return rejected('the response must be a JSON object');
  if (response.statusCode === undefined) return rejected('statusCode is required');
  const status = statusCodeOf(response.statusCode);
  if (typeof status === 'string') return rejected(status);
  const body = bodyOf(response.body, response.isBase64Encoded);
  if (typeof body === 'string') return rejected(body);
  const rawHeaders: string[] = [];
  const key = options.multiValueHeaders ? 'multiValueHeaders' : 'headers';
  const map = response[key];
  if (map !== undefined && map !== null) {
    if (!isObject(map)) return rejected(`${key} must be an object`);
    for (const [name, values] of Object.entries(map)) {
      const list = options.multiValueHeaders ? values : [values];
      if (!Array.isArray(list)) return rejected(`multiValueHeaders.${name} must be an array`);
      for (const value of list) {
        const text = scalarHeader(value, true);
        if (text === undefined) return rejected(`${key}.${name} must hold strings, got ${JSON.stringify(value)}`);
        const problem = addHeader(rawHeaders, name, text);
        if (problem) return rejected(problem);
      }
    }
  }
  return accepted(withLength(status, rawHeaders, body));
}

/**
 * The `alb` format, with multi-value headers on or off.
 *
 * @example
 * ```ts
 * const format = albFormat({ multiValueHeaders: true });
 * ```
 */
export function albFormat(options: AlbOptions): EventFormat {
  return {
    name: 'alb',
    createEvent: (request) => createAlbEvent(request, options),
    createPayload: (request) => JSON.stringify(createAlbEvent(request, options)),
    parseResult: (payload) => parseAlbResult(payload, options),
  };
}
