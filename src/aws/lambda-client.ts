import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type * as LambdaSdkModule from '@aws-sdk/client-lambda';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { toLambdaError } from './lambda-errors.js';

/** The `@aws-sdk/client-lambda` module. */
export type LambdaSdk = typeof LambdaSdkModule;

let sdk: Promise<LambdaSdk> | undefined;

/**
 * Loads the Lambda SDK on first use, so routes that run handlers or an emulator never pay its
 * start-up time.
 *
 * @example
 * ```ts
 * const { InvokeCommand } = await loadLambdaSdk();
 * ```
 */
export function loadLambdaSdk(): Promise<LambdaSdk> {
  sdk ??= import('@aws-sdk/client-lambda');
  return sdk;
}

/** An IAM role to assume (STS AssumeRole) for the invocations. */
export interface AssumeRoleOptions {
  readonly roleArn: string;
  readonly sessionName: string;
  readonly externalId?: string;
}

export interface LambdaClientOptions {
  /** Default: the standard chain (`AWS_REGION`, profile). */
  readonly region?: string;
  /** Another Lambda API endpoint (LocalStack, serverless-offline, a VPC endpoint). */
  readonly endpoint?: string;
  /** Credentials of an assumed role instead of the standard chain's. */
  readonly assumeRole?: AssumeRoleOptions;
  /** Concurrent connections to the Lambda API. @default 256 */
  readonly maxSockets?: number;
  /** Use this SDK client instead of building one (tests stub its `send`). */
  readonly client?: LambdaClient;
}

export interface LambdaInvokeInput {
  readonly functionName: string;
  readonly qualifier?: string;
  readonly payload: Uint8Array;
  /** Aborts the wait (the function may still run to the end on AWS). */
  readonly signal?: AbortSignal;
}

/** What Invoke answered: the function's payload and, when it failed, `FunctionError`. */
export interface LambdaInvokeOutput {
  readonly statusCode: number;
  readonly payload: Uint8Array;
  readonly functionError?: string;
  readonly executedVersion?: string;
}

/** A synchronous (`RequestResponse`) Invoke, one attempt, errors normalised to Sluice's. */
export interface LambdaInvokeClient {
  invoke(input: LambdaInvokeInput): Promise<LambdaInvokeOutput>;
  /** Closes pooled connections. */
  destroy(): void;
}

/**
 * A Lambda client for invocations: one attempt per call (an invocation is never repeated, so no
 * function runs twice for one request), keep-alive connections, credentials from the standard
 * chain or an assumed role (`fromTemporaryCredentials`, refreshed before they expire). Errors are
 * Sluice errors: throttled 503, timeout 504, unknown function 404, the rest 502.
 *
 * @example
 * ```ts
 * const lambda = createLambdaClient({ region: 'us-west-2', assumeRole: { roleArn, sessionName: 'sluice' } });
 * const out = await lambda.invoke({ functionName: 'hello', qualifier: 'prod', payload: Buffer.from('{}') });
 * ```
 */
export function createLambdaClient(options: LambdaClientOptions = {}): LambdaInvokeClient {
  let client: Promise<LambdaClient> | undefined = options.client ? Promise.resolve(options.client) : undefined;
  const agents = {
    httpAgent: new HttpAgent({ keepAlive: true, maxSockets: options.maxSockets ?? 256 }),
    httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets: options.maxSockets ?? 256 }),
  };
  const build = async (): Promise<LambdaClient> => {
    const { LambdaClient: Client } = await loadLambdaSdk();
    let credentials: LambdaClient['config']['credentials'] | undefined;
    if (options.assumeRole !== undefined) {
      const { fromTemporaryCredentials } = await import('@aws-sdk/credential-providers');
      const role = options.assumeRole;
      credentials = fromTemporaryCredentials({
        params: { RoleArn: role.roleArn, RoleSessionName: role.sessionName, ...(role.externalId !== undefined && { ExternalId: role.externalId }) },
        ...(options.region !== undefined && { clientConfig: { region: options.region } }),
      });
    }
    return new Client({
      ...(options.region !== undefined && { region: options.region }),
      ...(options.endpoint !== undefined && { endpoint: options.endpoint }),
      ...(credentials !== undefined && { credentials }),
      maxAttempts: 1,
      requestHandler: { ...agents, connectionTimeout: 3_000 },
    });
  };
  return {
    async invoke(input) {
      try {
        const sdkModule = await loadLambdaSdk();
        client ??= build();
        const out = await (
          await client
        ).send(
          new sdkModule.InvokeCommand({
            FunctionName: input.functionName,
            ...(input.qualifier !== undefined && { Qualifier: input.qualifier }),
            InvocationType: 'RequestResponse',
            Payload: input.payload,
          }),
          { abortSignal: input.signal },
        );
        return {
          statusCode: out.StatusCode ?? 200,
          payload: out.Payload ?? new Uint8Array(0),
          ...(out.FunctionError !== undefined && { functionError: out.FunctionError }),
          ...(out.ExecutedVersion !== undefined && { executedVersion: out.ExecutedVersion }),
        };
      } catch (error) {
        throw toLambdaError(error, input.functionName);
      }
    },
    destroy() {
      void client?.then(
        (c) => c.destroy(),
        () => undefined,
      );
      agents.httpAgent.destroy();
      agents.httpsAgent.destroy();
    },
  };
}
