import { assertNever } from '../core/assert-never.js';
import type { RouteConfig, TargetConfig } from '../core/config-schema.js';
import type { Logger } from '../telemetry/logger.js';
import { withAuth } from './auth/auth-target.js';
import { HttpTarget } from './http-target.js';
import { LambdaTarget } from './invoke/lambda-target.js';
import type { CaptureFailureHandler } from './response-writer.js';
import type { Target } from './target.js';

export interface TargetContext {
  readonly onCaptureFailure: CaptureFailureHandler;
  /** Where targets log what the client is not told (function errors, rejected responses). */
  readonly logger?: Logger;
}

/**
 * Builds the target a route sends to. A new target type is an entry in the schema's
 * `TARGET_SCHEMAS`, a `case` here (the compiler asks for it) and the file implementing it.
 *
 * @example
 * ```ts
 * const target = createTarget({ type: 'http', url: 'http://127.0.0.1:3000', preserve_host: false, connections: 1024, max_pending: 1024 }, { onCaptureFailure });
 * ```
 */
export function createTarget(config: TargetConfig, context: TargetContext): Target {
  switch (config.type) {
    case 'http':
      return new HttpTarget(config, { onCaptureFailure: context.onCaptureFailure });
    case 'lambda':
      return new LambdaTarget(config, { onCaptureFailure: context.onCaptureFailure, ...(context.logger !== undefined && { logger: context.logger }) });
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
 * const target = createRouteTarget(route, { onCaptureFailure, logger });
 * ```
 */
export function createRouteTarget(route: RouteConfig, context: TargetContext): Target {
  return withAuth(createTarget(route.target, context), route.auth, context);
}
