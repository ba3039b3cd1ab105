import type * as SqsModule from '@aws-sdk/client-sqs';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { sdkClientConfig, type AwsClientOptions } from './client-options.js';

/** The `@aws-sdk/client-sqs` module. */
export type SqsSdk = typeof SqsModule;

let sdk: Promise<SqsSdk> | undefined;

/**
 * Loads the SQS SDK on first use: the embedded queue's users never pay its start-up time, and a
 * Lambda bundle takes it from the runtime (it is left out of the bundle).
 *
 * @example
 * ```ts
 * const { SendMessageCommand } = await loadSqsSdk();
 * ```
 */
export function loadSqsSdk(): Promise<SqsSdk> {
  sdk ??= import('@aws-sdk/client-sqs');
  return sdk;
}

/**
 * An SQS client for Sluice's queue: the given region and endpoint, the standard credential
 * chain unless credentials are given, and the SDK's standard retries (throttling, 5xx,
 * network) with `maxAttempts` attempts.
 *
 * @example
 * ```ts
 * const sqs = await createSqsClient({ region: 'eu-west-1' });
 * const { SendMessageCommand } = await loadSqsSdk();
 * await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: '{"id":"…"}' }));
 * ```
 */
export async function createSqsClient(options: AwsClientOptions): Promise<SQSClient> {
  const { SQSClient: Client } = await loadSqsSdk();
  return new Client(sdkClientConfig(options));
}
