/**
 * Defaults of the REST ingest API (`RestIngestApi`).
 */

export const restIngestDefaults = {
  stageName: 'prod',
  /**
   * The request content types a route's template is registered for. API Gateway picks the
   * template by `Content-Type` (no header counts as `application/json`); a type missing here
   * is answered 415 and never reaches the service (passthrough is off, so no raw body is sent).
   */
  contentTypes: [
    'application/json',
    'text/plain',
    'application/x-www-form-urlencoded',
    'application/xml',
    'text/xml',
    'text/csv',
    'application/cloudevents+json',
  ],
  /** The Lambda authorizer's cache of a token's answer; 0 turns caching off. @default 300 s, API Gateway's default */
  authorizerCacheSeconds: 300,
} as const;

/**
 * Integration responses by the service's status: 403 and 404 keep their status; every other
 * 4xx is 400; a 5xx is 502 (S3's 503 is its throttling). Patterns are matched against the
 * integration's status for AWS integrations and must not overlap.
 */
export const REST_ERROR_RESPONSES = [
  { selectionPattern: '403', statusCode: '403', kind: 'rejected' },
  { selectionPattern: '404', statusCode: '404', kind: 'rejected' },
  { selectionPattern: '4(?!03|04)\\d{2}', statusCode: '400', kind: 'rejected' },
  { selectionPattern: '5\\d{2}', statusCode: '502', kind: 'unavailable' },
] as const;

/** The status codes an ingest method may answer besides its reply, as method responses declare them. */
export const REST_METHOD_STATUSES = ['400', '403', '404', '502', '503'] as const;

/** Headers an ingest method's responses may carry (CORS, throttling, S3's ETag). */
export const REST_RESPONSE_HEADERS = [
  'Access-Control-Allow-Origin',
  'Access-Control-Allow-Credentials',
  'Access-Control-Expose-Headers',
  'Vary',
  'Retry-After',
  'ETag',
] as const;

/** Headers a preflight's answer may carry. */
export const REST_PREFLIGHT_HEADERS = [
  'Access-Control-Allow-Origin',
  'Access-Control-Allow-Credentials',
  'Access-Control-Allow-Methods',
  'Access-Control-Allow-Headers',
  'Access-Control-Max-Age',
  'Vary',
] as const;
