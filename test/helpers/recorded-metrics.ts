import { Metrics } from '@aws-lambda-powertools/metrics';

/** One EMF document, as Powertools would print it on a line of stdout. */
export type EmfDocument = ReturnType<Metrics['serializeMetrics']>;

/**
 * Powertools `Metrics` that keeps the EMF documents it publishes instead of printing them, so
 * the function tests leave no JSON lines in the test output and can assert what was emitted.
 * Everything up to the output is Powertools' own: the stored metrics, dimensions and the
 * serialisation; only the final `console.log` is replaced, and the buffers are cleared as the
 * original clears them.
 *
 * @example
 * ```ts
 * const metrics = new RecordedMetrics({ namespace: 'SluiceTest', serviceName: 'proxy' });
 * const handler = createProxyHandler({ ..., metrics });
 * await handler(event);
 * expect(metrics.documents).toMatchObject([{ CaptureFailed: 1 }]);
 * ```
 */
export class RecordedMetrics extends Metrics {
  readonly documents: EmfDocument[] = [];

  override publishStoredMetrics(): this {
    try {
      if (this.hasStoredMetrics()) this.documents.push(this.serializeMetrics());
    } finally {
      this.clearMetrics();
      this.clearDimensions();
      this.clearMetadata();
    }
    return this;
  }
}
