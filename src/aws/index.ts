export { awsErrorCode, awsHttpStatus, isNotFound, isRetryable, toAwsError } from './aws-errors.js';
export { sdkClientConfig } from './client-options.js';
export type { AwsClientOptions, AwsCredentials } from './client-options.js';
export { parseS3Uri, S3ObjectStore } from './s3-client.js';
export type { ObjectStore, S3ObjectStoreOptions, S3Sdk } from './s3-client.js';
export { createSqsClient, loadSqsSdk } from './sqs-client.js';
export type { SqsSdk } from './sqs-client.js';
