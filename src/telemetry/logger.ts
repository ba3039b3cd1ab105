import { pino, type Logger, type LevelWithSilent } from 'pino';
import pretty from 'pino-pretty';

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

/** `json`: one pino object per line, for collectors; `pretty`: aligned, coloured lines for people. */
export type LogFormat = 'json' | 'pretty';

/**
 * The format a process uses when none is asked for: readable on a terminal, JSON otherwise.
 *
 * @example
 * ```ts
 * defaultLogFormat({ isTTY: true }); // 'pretty'
 * ```
 */
export function defaultLogFormat(stream: { isTTY?: boolean } = process.stderr): LogFormat {
  return stream.isTTY === true ? 'pretty' : 'json';
}

/**
 * The process logger on stderr (stdout stays free for command output): pino JSON, or
 * pino-pretty's lines when `format` is `pretty` (the redactions apply to both: they run before
 * formatting).
 *
 * @example
 * ```ts
 * const logger = createLogger('info', process.stderr, defaultLogFormat());
 * logger.info({ route: 'users' }, 'gateway listening');
 * ```
 */
export function createLogger(level: LevelWithSilent = 'info', destination: NodeJS.WritableStream = process.stderr, format: LogFormat = 'json'): Logger {
  const options = {
    level,
    base: { service: 'sluice' },
    redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (format === 'pretty') {
    // A stream in this thread, not a transport: lines stay in order with the command's own output
    // and nothing is lost when the process exits.
    return pino(
      options,
      pretty({
        destination,
        sync: true,
        colorize: (destination as { isTTY?: boolean }).isTTY === true,
        ignore: 'service,pid,hostname',
        translateTime: 'SYS:HH:MM:ss.l',
      }),
    );
  }
  return pino(options, destination);
}

/** A logger that writes nothing, for tests and library use. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
