import type { SQSClientConfig } from '@aws-sdk/client-sqs';

/** Fixed credentials or a provider of them. */
export type AwsCredentials = NonNullable<SQSClientConfig['credentials']>;

/** What every Sluice AWS client takes; anything left out comes from the standard AWS chain. */
export interface AwsClientOptions {
  readonly region: string;
  /** Another endpoint (a local emulator, a VPC endpoint). S3 is then addressed path-style. */
  readonly endpoint?: string;
  /** Fixed credentials or a provider; the standard chain (environment, profile, role…) when absent. */
  readonly credentials?: AwsCredentials;
  /** Attempts per call, the first included: the SDK retries throttling, 5xx and network errors with backoff. @default 3 */
  readonly maxAttempts?: number;
  /** Gives up on a TCP connection that takes longer than this. @default 3000 */
  readonly connectionTimeoutMs?: number;
}

/**
 * The SDK client configuration shared by the SQS and S3 clients.
 *
 * @internal
 * @example
 * ```ts
 * new SQSClient(sdkClientConfig({ region: 'eu-west-1' }));
 * ```
 */
export function sdkClientConfig(options: AwsClientOptions): {
  region: string;
  endpoint?: string;
  credentials?: AwsCredentials;
  maxAttempts: number;
  requestHandler: { connectionTimeout: number };
} {
  return {
    region: options.region,
    ...(options.endpoint !== undefined && { endpoint: options.endpoint }),
    ...(options.credentials !== undefined && { credentials: options.credentials }),
    maxAttempts: options.maxAttempts ?? 3,
    // No request timeout: a long poll legitimately waits up to 20 s for its answer.
    requestHandler: { connectionTimeout: options.connectionTimeoutMs ?? 3_000 },
  };
}
