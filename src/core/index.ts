export { bodyKind } from './body-kind.js';
export type { BodyKind } from './body-kind.js';
export { decodeFrame, encodeFrame, FRAME_MAGIC, isFrame } from './capture-frame.js';
export type { CaptureFrame, CaptureMeta } from './capture-frame.js';
export { parseQuery, renderRecord, toDeliverable } from './capture-record.js';
export { renderRecordJson } from './record-json.js';
export type { CaptureRecord, Deliverable } from './capture-record.js';
export { formatPath, maskEnvReferences, resolveEnvReferences } from './config-env.js';
export { parseConfigText, readConfigDocument, validateConfig } from './config-parse.js';
export type { ConfigDocument, ParseConfigOptions, ValidateConfigOptions } from './config-parse.js';
export { configWarnings } from './config-warnings.js';
export type { ConfigWarning } from './config-warnings.js';
export { knownKeysAt, nearestKey } from './schema-keys.js';
export { assertNever } from './assert-never.js';
export { configDefaults, configSchema, QUEUE_DRIVERS, TARGET_TYPES } from './config-schema.js';
export { queueFile, queueLocation } from './queue-location.js';
export type {
  CaptureConfig,
  DestinationConfig,
  HttpMethod,
  HttpTargetConfig,
  QueueConfig,
  QueueDriver,
  RouteConfig,
  RouteMatchConfig,
  SluiceConfig,
  SluiceConfigInput,
  SqliteQueueConfig,
  SqsQueueConfig,
  TargetConfig,
  TargetType,
  AdminConfig,
} from './config-schema.js';
export {
  AwsServiceError,
  BadRequestError,
  BodyTimeoutError,
  BodyTooLargeError,
  CaptureFailedError,
  ClientAbortedError,
  ClosedError,
  ConfigError,
  DestinationTimeoutError,
  InvalidArgumentError,
  ListenError,
  MalformedMessageError,
  MessageNotFoundError,
  MethodNotAllowedError,
  PayloadPointerError,
  QueueError,
  QueueNotFoundError,
  ReceiptHandleError,
  RouteNotFoundError,
  RouteNotMappedError,
  SluiceError,
  toError,
  UpstreamBusyError,
  UpstreamTimeoutError,
  UpstreamUnreachableError,
  UsageError,
} from './errors.js';
export type { ConfigIssue, SluiceErrorCode } from './errors.js';
export { errorCode, isAbortError, isSluiceErrorCode, isTimeout, SLUICE_ERROR_CODES } from './errors.js';
export { findHeader, headersToRecord, REDACTED, redactHeaders, stripHopByHop } from './headers.js';
export { LAMBDA_METRICS } from './lambda-metrics.js';
export { BodyFieldRedactor, redactHeaderUrls, redactPairs, redactQuery } from './redact.js';
export { decodeFormComponent, FieldNames, splitFieldName } from './field-names.js';
export { redactBody } from './body-redact.js';
export { multipartBoundary, rewriteMultipart } from './multipart.js';
export type { MultipartPart } from './multipart.js';
export { normaliseHost, RouteTable } from './route-match.js';
export type { RouteMatch } from './route-match.js';
export { parseBytes, parseDuration } from './units.js';
export { BCRYPT_HASH, SCRYPT_HASH, basicAuthDefaults, parseScryptHash, passwordHashLimits } from './auth-schema.js';
export type { ScryptParams } from './auth-schema.js';
export { parseHandlerSpec } from './lambda-target-schema.js';
export type { AuthConfig, BasicAuthConfig, LambdaTargetConfig } from './config-schema.js';
export {
  AuthBusyError,
  AuthRateLimitedError,
  FunctionNotAllowedError,
  FunctionNotFoundError,
  InvalidFunctionNameError,
  LambdaFunctionError,
  LambdaInvokeError,
  LambdaResponseInvalidError,
  LambdaThrottledError,
  LambdaTimeoutError,
  UnauthorizedError,
} from './errors.js';
export { UpgradeNotSupportedError } from './errors.js';
export { declaresBody, isWebSocketUpgrade, webSocketHandshakeProblem } from './websocket-handshake.js';
export type { UpgradeRequestHead } from './websocket-handshake.js';
export { fromLrpConfig, isLrpConfig, lrpDefaults } from './lrp-config.js';
export { isLoopbackHost, parseHostPort } from './host-port.js';
export type { HostPort } from './host-port.js';
export type { LrpTranslation } from './lrp-config.js';
export {
  createAlbEvent,
  createApiGatewayV1Event,
  createApiGatewayV2Event,
  createEnvelopeRequest,
  EVENT_FORMATS,
  eventFormat,
  FunctionNameResolver,
  isTextMediaType,
  parseAlbResult,
  parseApiGatewayV1Result,
  parseApiGatewayV2Result,
  parseEnvelopeReply,
} from './events/index.js';
export type { EventFormat, EventFormatName, HttpResult, LambdaHttpRequest, ParsedResult } from './events/index.js';
export {
  compileMapping,
  compileServiceParams,
  evaluateMapping,
  evaluateParams,
  evaluateServiceParams,
  INGEST_SERVICE_PARAMS,
  isWholeBody,
  JSON_PATH_BODY_LIMIT,
  MappingScope,
  renderMapping,
  renderRequestParameters,
  staticMapping,
} from './ingest/index.js';
export type { CompiledMapping, IngestService, MappingRequest, ServiceParams, ServiceParamsInput } from './ingest/index.js';
