import { assertNever } from '../core/assert-never.js';
import type { AwsConfig } from '../core/aws-config-schema.js';
import type { RouteConfig } from '../core/config-schema.js';
import type { Logger } from '../telemetry/logger.js';
import { withAuth } from './auth/auth-target.js';
import { HttpTarget } from './http-target.js';
import { createIngestTarget } from './ingest/create-ingest-target.js';
import { LambdaTarget } from './invoke/lambda-target.js';
import type { CaptureFailureHandler } from './response-writer.js';
import type { Target } from './target.js';

export interface TargetContext {
  readonly onCaptureFailure: CaptureFailureHandler;
  /** Where targets log what the client is not told (function errors, rejected responses). */
  readonly logger?: Logger;
  /** The top-level `aws` mapping, for the ingest targets (`sqs`, `sns`, `s3`, …). */
  readonly aws?: AwsConfig;
}

/**
 * Builds the target a route sends to. A new target type is an entry in the schema's
 * `TARGET_SCHEMAS`, a `case` here (the compiler asks for it) and the file implementing it; an
 * ingest service is a `case` in `createIngestService` and one file in `src/aws/ingest/`.
 *
 * @example
 * ```ts
 * const target = createTarget(config.routes[0], { onCaptureFailure, aws: config.aws });
 * ```
 */
export function createTarget(route: RouteConfig, context: TargetContext): Target {
  const config = route.target;
  switch (config.type) {
    case 'http':
      return new HttpTarget(config, { onCaptureFailure: context.onCaptureFailure });
    case 'lambda':
      return new LambdaTarget(config, { onCaptureFailure: context.onCaptureFailure, ...(context.logger !== undefined && { logger: context.logger }) });
    case 'sqs':
    case 'sns':
    case 's3':
    case 'kinesis':
    case 'dynamodb':
    case 'eventbridge':
      return createIngestTarget(route, config, {
        onCaptureFailure: context.onCaptureFailure,
        aws: context.aws,
        ...(context.logger !== undefined && { logger: context.logger }),
      });
    default:
      return assertNever(config, 'type');
  }
}

/**
 * The target of a route with what stands in front of it: its `auth`, checked before the target
 * reads anything.
 *
 * @example
 * ```ts
 * const target = createRouteTarget(route, { onCaptureFailure, logger, aws: config.aws });
 * ```
 */
export function createRouteTarget(route: RouteConfig, context: TargetContext): Target {
  return withAuth(createTarget(route, context), route.auth, context);
}
