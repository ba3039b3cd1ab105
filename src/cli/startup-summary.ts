import { assertNever } from '../core/assert-never.js';
import type { RouteConfig, SluiceConfig, TargetConfig } from '../core/config-schema.js';
import { queueLocation } from '../core/queue-location.js';

/** One listening socket: the gateway's, and any other a process opens (admin, metrics). */
export interface ListenerSummary {
  readonly name: string;
  /** `host:port` as bound (the real port when 0 was asked for). */
  readonly address: string;
}

/** What `serve` and `gateway` log once they listen, in snake_case like every JSON Sluice prints. */
export interface StartupSummary {
  readonly listeners: readonly ListenerSummary[];
  readonly routes: readonly {
    readonly name: string;
    readonly match: string;
    readonly target: string;
    readonly capture: boolean;
    readonly auth: string | null;
  }[];
  readonly destination: { readonly url: string; readonly signed: boolean } | null;
  readonly queue: { readonly driver: string; readonly location: string };
}

/**
 * The running configuration in one log object: each listener, each route (match, target,
 * capture, auth), the destination (origin and path only: a URL may carry credentials; signed or
 * not) and the queue. Secrets and password hashes never appear.
 *
 * @example
 * ```ts
 * logger.info(startupSummary(config, [{ name: 'gateway', address: '127.0.0.1:8080' }]), 'sluice started');
 * ```
 */
export function startupSummary(config: SluiceConfig, listeners: readonly ListenerSummary[]): StartupSummary {
  return {
    listeners,
    routes: config.routes.map((route) => ({
      name: route.name,
      match: describeMatch(route),
      target: describeTarget(route.target),
      capture: route.capture,
      auth: route.auth ? route.auth.type : null,
    })),
    destination: config.destination ? { url: withoutCredentials(config.destination.url), signed: config.destination.signing_secret.length > 0 } : null,
    queue: { driver: config.queue.driver, location: queueLocation(config.queue) },
  };
}

/**
 * A route's match in a few words: `host api.example.com prefix /users GET,POST`, or `everything`.
 *
 * @example
 * ```ts
 * describeMatch(config.routes[0]); // 'prefix /api/v1/users'
 * ```
 */
export function describeMatch(route: RouteConfig): string {
  const { host, path, path_prefix: prefix, methods } = route.match;
  const parts = [host && `host ${host}`, path && `path ${path}`, prefix && `prefix ${prefix}`, methods && methods.join(',')].filter(Boolean);
  return parts.length === 0 ? 'everything' : parts.join(' ');
}

/**
 * Where a target sends requests, in one line (credentials left out of URLs).
 *
 * @example
 * ```ts
 * describeTarget({ type: 'http', url: 'https://api.example.com/users', preserve_host: false }); // 'http https://api.example.com/users'
 * ```
 */
export function describeTarget(target: TargetConfig): string {
  switch (target.type) {
    case 'http':
      return `http ${withoutCredentials(target.url)}`;
    case 'lambda': {
      const where =
        target.handler !== undefined
          ? `handler ${target.handler}`
          : target.endpoint !== undefined
            ? `emulator ${target.endpoint}`
            : `function ${target.function}${target.qualifier ? `:${target.qualifier}` : ''}`;
      return `lambda ${where} (${target.event})`;
    }
    case 'sqs':
      return `sqs ${target.queue_url ?? 'queue from params.QueueUrl'}`;
    case 'sns':
      return `sns ${target.topic_arn ?? 'topic from params.TopicArn'}`;
    case 's3':
      return `s3 ${target.bucket ?? 'bucket from params.Bucket'}/${target.key ?? '${context.requestId}'}`;
    case 'kinesis':
      return `kinesis ${target.stream_name ?? target.stream_arn ?? 'stream from params'}`;
    case 'dynamodb':
      return `dynamodb ${target.table ?? 'table from params.TableName'}`;
    case 'eventbridge':
      return `eventbridge ${target.event_bus_name ?? 'default bus'} (source ${target.source ?? 'from params.Source'})`;
    default:
      return assertNever(target, 'type');
  }
}

function withoutCredentials(url: string): string {
  const parsed = new URL(url);
  parsed.username = '';
  parsed.password = '';
  parsed.search = '';
  return parsed.href;
}
