/**
 * The top-level `aws` mapping (issue 13 §1): the region and endpoints the ingest targets call.
 * A list under `aws` is something else: a lambda-reverse-proxy file's rules (`lrp-config.ts`).
 */
import { z } from 'zod';
import { httpUrl } from './schema-primitives.js';

/** An AWS region such as `eu-west-1`. */
export const awsRegion = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'expected an AWS region such as eu-west-1');

/** @internal */
export const awsConfigSchema = z.strictObject({
  region: awsRegion,
  /** One endpoint for every service (an emulator such as fauxqs or LocalStack). */
  endpoint: httpUrl.optional(),
  /** Per service, in place of `endpoint` (kinesalite for Kinesis, dynalite for DynamoDB…). */
  endpoints: z
    .strictObject({
      sqs: httpUrl.optional(),
      sns: httpUrl.optional(),
      s3: httpUrl.optional(),
      kinesis: httpUrl.optional(),
      dynamodb: httpUrl.optional(),
      eventbridge: httpUrl.optional(),
    })
    .default({}),
});

/** The parsed `aws` mapping. */
export type AwsConfig = z.output<typeof awsConfigSchema>;

/**
 * The endpoint a service is called on: its own from `endpoints`, else `endpoint`, else AWS's.
 *
 * @example
 * ```ts
 * serviceEndpoint({ region: 'eu-west-1', endpoint: 'http://127.0.0.1:4566', endpoints: { kinesis: 'http://127.0.0.1:4567' } }, 'kinesis'); // 'http://127.0.0.1:4567'
 * ```
 */
export function serviceEndpoint(aws: AwsConfig, service: keyof AwsConfig['endpoints']): string | undefined {
  return aws.endpoints[service] ?? aws.endpoint;
}
