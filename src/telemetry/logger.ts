import { pino, type Logger, type LevelWithSilent } from 'pino';

export type { Logger } from 'pino';

/**
 * Paths pino censors in every log line. Sluice never logs bodies or header values on purpose;
 * this is the safety net for anything that slips into a log object.
 */
const REDACT_PATHS = [
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
  'headers["x-api-key"]',
  'headers["proxy-authorization"]',
  'headers["x-amz-security-token"]',
  '*.signing_secret',
  '*.password',
  'signing_secret',
  'password',
  'secret',
];

/**
 * The process logger: pino JSON on stderr (stdout stays free for command output).
 *
 * @example
 * ```ts
 * const logger = createLogger('info');
 * logger.info({ route: 'users' }, 'gateway listening');
 * ```
 */
export function createLogger(level: LevelWithSilent = 'info', destination: NodeJS.WritableStream = process.stderr): Logger {
  return pino(
    {
      level,
      base: { service: 'sluice' },
      redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

/** A logger that writes nothing, for tests and library use. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
