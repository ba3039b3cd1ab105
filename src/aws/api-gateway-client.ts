import type * as ApiGatewayModule from '@aws-sdk/client-api-gateway';
import type { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import type * as LambdaModule from '@aws-sdk/client-lambda';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { sdkClientConfig, type AwsClientOptions } from './client-options.js';

/** The `@aws-sdk/client-api-gateway` module. */
export type ApiGatewaySdk = typeof ApiGatewayModule;

let sdk: Promise<ApiGatewaySdk> | undefined;

/**
 * Loads the API Gateway SDK on first use: only `sluice attach` and `sluice detach` need it.
 *
 * @example
 * ```ts
 * const { GetRestApiCommand } = await loadApiGatewaySdk();
 * ```
 */
export function loadApiGatewaySdk(): Promise<ApiGatewaySdk> {
  sdk ??= import('@aws-sdk/client-api-gateway');
  return sdk;
}

/**
 * The control plane's quotas are low (GetResources, PutIntegration and CreateDeployment are
 * throttled at a few calls a second per account), so the SDK's standard retry, which treats
 * `TooManyRequestsException` as throttling and backs off with jitter, gets more attempts than
 * the data-plane clients' 3.
 */
const CONTROL_PLANE_ATTEMPTS = 8;

/**
 * An API Gateway (REST APIs, v1) control-plane client: the given region, the standard
 * credential chain, and an endpoint from the options or from the SDK's own resolution, which
 * honours `AWS_ENDPOINT_URL_API_GATEWAY` and `AWS_ENDPOINT_URL`.
 *
 * @example
 * ```ts
 * const apigw = await createApiGatewayClient({ region: 'eu-west-1' });
 * const { GetRestApiCommand } = await loadApiGatewaySdk();
 * await apigw.send(new GetRestApiCommand({ restApiId: 'a1b2c3d4e5' }));
 * ```
 */
export async function createApiGatewayClient(options: AwsClientOptions): Promise<APIGatewayClient> {
  const { APIGatewayClient: Client } = await loadApiGatewaySdk();
  return new Client({ ...sdkClientConfig({ maxAttempts: CONTROL_PLANE_ATTEMPTS, ...options }) });
}

/** The `@aws-sdk/client-lambda` module, for its control-plane commands (AddPermission…). */
export type LambdaControlSdk = typeof LambdaModule;

/**
 * A Lambda client for the function's resource policy (AddPermission, RemovePermission), with
 * the standard retries; unlike the invoke client, repeating these calls is harmless.
 *
 * @example
 * ```ts
 * const lambda = await createLambdaControlClient({ region: 'eu-west-1' });
 * ```
 */
export async function createLambdaControlClient(options: AwsClientOptions): Promise<LambdaClient> {
  const { LambdaClient: Client } = await import('@aws-sdk/client-lambda');
  return new Client({ ...sdkClientConfig({ maxAttempts: CONTROL_PLANE_ATTEMPTS, ...options }) });
}
