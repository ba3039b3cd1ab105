export { createLogger, defaultLogFormat, silentLogger } from './logger.js';
export type { LogFormat, Logger } from './logger.js';
export { RateLimitedLog } from './rate-limited-log.js';
export type { RateLimitedLogOptions } from './rate-limited-log.js';
export { VERSION } from './version.js';
