export { createLogger, silentLogger } from './logger.js';
export type { Logger } from './logger.js';
export { RateLimitedLog } from './rate-limited-log.js';
export type { RateLimitedLogOptions } from './rate-limited-log.js';
export { VERSION } from './version.js';
