import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LAMBDA_METRICS } from '../core/lambda-metrics.js';

/**
 * What both functions share: the runtime the bundles target (esbuild `node22`, ESM), Graviton
 * (cheaper per GB-second, and the bundles have no native code), the handler export, and the
 * Powertools names the alarms and dashboard read metrics by.
 *
 * @example
 * ```ts
 * new Function(this, 'Fn', { ...functionDefaults, code, environment: powertoolsEnvironment('sluice-proxy') });
 * ```
 */
export const functionDefaults = {
  runtime: Runtime.NODEJS_22_X,
  architecture: Architecture.ARM_64,
  handler: 'index.handler',
} as const;

/**
 * The Powertools variables that fix the metrics' namespace and `service` dimension, so the
 * alarms never depend on a default inside the bundle.
 *
 * @example
 * ```ts
 * powertoolsEnvironment(LAMBDA_METRICS.forwarderService); // { POWERTOOLS_SERVICE_NAME: 'sluice-forwarder', … }
 * ```
 */
export function powertoolsEnvironment(serviceName: string): Record<string, string> {
  return { POWERTOOLS_SERVICE_NAME: serviceName, POWERTOOLS_METRICS_NAMESPACE: LAMBDA_METRICS.namespace };
}

/** A duration as the functions' variables take it (`sluice.yaml` syntax). @internal */
export function millis(ms: number): string {
  return `${Math.round(ms)}ms`;
}
