export { bodyKind } from './body-kind.js';
export type { BodyKind } from './body-kind.js';
export { decodeFrame, encodeFrame, FRAME_MAGIC, isFrame } from './capture-frame.js';
export type { CaptureFrame, CaptureMeta } from './capture-frame.js';
export { parseQuery, renderRecord, toDeliverable } from './capture-record.js';
export type { CaptureRecord, Deliverable } from './capture-record.js';
export { formatPath, substituteEnv } from './config-env.js';
export { parseConfigText, validateConfig } from './config-parse.js';
export type { ParseConfigOptions } from './config-parse.js';
export { configDefaults, configSchema } from './config-schema.js';
export type {
  CaptureConfig,
  DestinationConfig,
  HttpMethod,
  HttpTargetConfig,
  QueueConfig,
  RouteConfig,
  RouteMatchConfig,
  SluiceConfig,
  SluiceConfigInput,
  SqliteQueueConfig,
  TargetConfig,
} from './config-schema.js';
export {
  BadRequestError,
  BodyTooLargeError,
  CaptureFailedError,
  ClientAbortedError,
  ClosedError,
  ConfigError,
  DestinationTimeoutError,
  MalformedMessageError,
  MessageNotFoundError,
  MethodNotAllowedError,
  QueueError,
  QueueNotFoundError,
  ReceiptHandleError,
  RouteNotFoundError,
  SluiceError,
  toError,
  UpstreamTimeoutError,
  UpstreamUnreachableError,
  UsageError,
} from './errors.js';
export type { ConfigIssue } from './errors.js';
export { findHeader, headersToRecord, REDACTED, redactHeaders, stripHopByHop } from './headers.js';
export { BodyFieldRedactor, redactQuery } from './redact.js';
export { normaliseHost, RouteTable } from './route-match.js';
export type { RouteMatch } from './route-match.js';
export { parseBytes, parseDuration } from './units.js';
