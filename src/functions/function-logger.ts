import type { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import { errorCode } from '../core/errors.js';
import type { QueueLogger } from '../queue/sqs/transport.js';

/**
 * The shared code logs pino-style (`logger.warn({ fields }, 'message')`); in a function those
 * lines go to the Powertools logger, which writes the structured JSON CloudWatch indexes. An
 * `err` field becomes a plain `error` object (name, code, message), since a nested Error would
 * serialise as `{}`.
 *
 * @example
 * ```ts
 * const queue = new SqsQueue(settings, { logger: powertoolsAdapter(new Logger({ serviceName: 'sluice-proxy' })) });
 * ```
 */
export function powertoolsAdapter(logger: PowertoolsLogger): QueueLogger {
  const forward =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (fields: unknown, message?: string): void => {
      if (typeof fields === 'string') {
        logger[level](fields);
        return;
      }
      logger[level](message ?? '', plain(fields));
    };
  return { debug: forward('debug'), info: forward('info'), warn: forward('warn'), error: forward('error') };
}

/**
 * An error as the fields a log line can show.
 *
 * @example
 * ```ts
 * describeError(new RouteNotMappedError('no route')); // { name: 'RouteNotMappedError', code: 'SLUICE_ROUTE_NOT_MAPPED', message: 'no route' }
 * ```
 */
export function describeError(error: unknown): { name: string; code?: string; message: string } {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const code = errorCode(error);
  return { name: error.name, ...(code !== undefined && { code }), message: error.message };
}

function plain(fields: unknown): Record<string, unknown> {
  if (fields === null || typeof fields !== 'object') return { detail: fields };
  const { err, ...rest } = fields as Record<string, unknown>;
  return err === undefined ? rest : { ...rest, error: describeError(err) };
}
