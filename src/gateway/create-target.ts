import type { TargetConfig } from '../core/config-schema.js';
import { HttpTarget } from './http-target.js';
import type { CaptureFailureHandler } from './response-writer.js';
import type { Target } from './target.js';

export interface TargetContext {
  readonly onCaptureFailure: CaptureFailureHandler;
}

/**
 * Builds the target a route sends to. One place to add a target type: the schema's
 * discriminated union and this switch.
 */
export function createTarget(config: TargetConfig, context: TargetContext): Target {
  switch (config.type) {
    case 'http':
      return new HttpTarget(config, { onCaptureFailure: context.onCaptureFailure });
  }
}
