import { Duration } from 'aws-cdk-lib';
import type { SluiceConfig } from '../core/config-schema.js';
import type { ForwarderStackProps } from './forwarder-stack-props.js';

/** What a deployment takes besides `sluice.yaml`: the flags `sluice synth` and `sluice deploy` share. */
export interface DeployChoices {
  /** @default 'sluice' */
  readonly project?: string;
  /** @default no subscription */
  readonly alarmEmail?: string;
  /** @default 10 */
  readonly batchSize?: number;
  /** Milliseconds. @default none */
  readonly batchingWindowMs?: number;
  /** @default a new generated secret */
  readonly signingSecretArn?: string;
}

/**
 * The forwarder stack's properties from a Sluice configuration and the deploy choices: the same
 * destination, timeout, retry budget, 4xx rule, redaction and oldest-message alarm as the
 * long-running gateway and forwarder, and `queue.max_receive_count` (which follows
 * `destination.retry.max_attempts` unless set) as the RedrivePolicy's `maxReceiveCount`. The
 * signing secret in the file is not used: it never goes into a template (the stack keeps it in
 * Secrets Manager).
 *
 * @example
 * ```ts
 * const props = forwarderPropsFromConfig(await loadConfig({ destination: 'https://hooks.example.com/in' }), { project: 'shop' });
 * ```
 */
export function forwarderPropsFromConfig(
  config: SluiceConfig,
  choices: DeployChoices,
): Omit<ForwarderStackProps, 'destinationUrl'> & { readonly destinationUrl: string | undefined } {
  const destination = config.destination;
  const capture = config.capture;
  return {
    ...(choices.project !== undefined && { project: choices.project }),
    destinationUrl: destination?.url,
    ...(destination !== undefined && {
      destinationTimeout: Duration.millis(destination.timeout),
      retry: destination.retry,
      deadLetterOn4xx: destination.dead_letter_on_4xx,
    }),
    maxReceiveCount: config.queue.max_receive_count,
    capture: {
      redactHeaders: capture.redact_headers,
      redactQuery: capture.redact_query,
      redactBodyFields: capture.redact_body_fields,
      maxBodyBytes: capture.max_body_bytes,
    },
    oldestMessageAge: Duration.millis(config.alarms.oldest_message_age),
    ...(choices.alarmEmail !== undefined && { alarmEmail: choices.alarmEmail }),
    ...(choices.batchSize !== undefined && { batchSize: choices.batchSize }),
    ...(choices.batchingWindowMs !== undefined && { maxBatchingWindow: Duration.millis(choices.batchingWindowMs) }),
    ...(choices.signingSecretArn !== undefined && { signingSecretArn: choices.signingSecretArn }),
  };
}
