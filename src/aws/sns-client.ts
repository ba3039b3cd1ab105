import type * as SnsModule from '@aws-sdk/client-sns';
import type { SNSClient } from '@aws-sdk/client-sns';
import { sdkClientConfig, type AwsClientOptions } from './client-options.js';

/** The `@aws-sdk/client-sns` module. */
export type SnsSdk = typeof SnsModule;

let sdk: Promise<SnsSdk> | undefined;

/**
 * Loads the SNS SDK on first use: only `sns` ingest routes need it.
 *
 * @example
 * ```ts
 * const { PublishCommand } = await loadSnsSdk();
 * ```
 */
export function loadSnsSdk(): Promise<SnsSdk> {
  sdk ??= import('@aws-sdk/client-sns');
  return sdk;
}

/**
 * An SNS client: the given region and endpoint, the standard credential chain unless
 * credentials are given, and the SDK's standard retries.
 *
 * @example
 * ```ts
 * const sns = await createSnsClient({ region: 'eu-west-1' });
 * const { PublishCommand } = await loadSnsSdk();
 * await sns.send(new PublishCommand({ TopicArn, Message: '{"id":7}' }));
 * ```
 */
export async function createSnsClient(options: AwsClientOptions): Promise<SNSClient> {
  const { SNSClient: Client } = await loadSnsSdk();
  return new Client(sdkClientConfig(options));
}
