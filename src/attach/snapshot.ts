import type { APIGatewayClient, Integration, IntegrationResponse } from '@aws-sdk/client-api-gateway';
import { loadApiGatewaySdk } from '../aws/api-gateway-client.js';
import { toAccessError } from '../aws/access-errors.js';
import { apiGatewayPermission } from '../aws/iam-actions.js';

/** One method's integration, as `GetIntegration` answered (integration responses included). */
export interface SnapshotMethod {
  readonly resourceId: string;
  /** The resource path, e.g. `/users/{id}`. */
  readonly path: string;
  /** `GET`, `POST`, … or `ANY`. */
  readonly httpMethod: string;
  readonly integration: Integration;
}

/**
 * Everything attach changes, as it was before: each integration in full and the stage's
 * deployment. Stored as JSON in the control bucket and locally; detach restores from it.
 */
export interface ApiSnapshot {
  readonly version: 1;
  readonly restApiId: string;
  readonly apiName: string;
  readonly stageName: string;
  readonly deploymentId: string;
  readonly stageVariables: Readonly<Record<string, string>>;
  readonly takenAt: string;
  readonly methods: readonly SnapshotMethod[];
  /** The proxy function's ARN and the methods attach moved onto it (`resourceId httpMethod`). */
  readonly functionArn?: string;
  readonly attached?: readonly string[];
}

/** Reports how far a long run is. */
export type ProgressListener = (done: number, total: number, what: string) => void;

/**
 * Reads a REST API as attach needs it: `GetRestApi`, `GetStage`, every resource with its
 * methods (`GetResources`, `embed=methods`, paginated), then `GetIntegration` for each method
 * that has one. One call at a time: the control plane's quotas are per account.
 *
 * @throws AwsServiceError when the API or the stage does not exist, or a call fails.
 * @example
 * ```ts
 * const snapshot = await readApiSnapshot(await createApiGatewayClient({ region }), 'a1b2c3d4e5', 'prod');
 * snapshot.methods.length; // 6
 * ```
 */
export async function readApiSnapshot(client: APIGatewayClient, restApiId: string, stageName: string, onProgress?: ProgressListener): Promise<ApiSnapshot> {
  const sdk = await loadApiGatewaySdk();
  const api = await call('GetRestApi', () => client.send(new sdk.GetRestApiCommand({ restApiId })));
  const stage = await call('GetStage', () => client.send(new sdk.GetStageCommand({ restApiId, stageName })));
  const found: { resourceId: string; path: string; httpMethod: string }[] = [];
  try {
    for await (const page of sdk.paginateGetResources({ client }, { restApiId, embed: ['methods'], limit: 500 })) {
      for (const resource of page.items ?? []) {
        for (const [httpMethod, method] of Object.entries(resource.resourceMethods ?? {})) {
          // A method without an integration (only possible mid-edit in the console) has nothing to move.
          if (method.methodIntegration !== undefined) found.push({ resourceId: resource.id!, path: resource.path!, httpMethod });
        }
      }
    }
  } catch (error) {
    throw toAccessError(error, 'apigateway', 'GetResources', apiGatewayPermission('GetResources'));
  }
  found.sort((a, b) => a.path.localeCompare(b.path) || a.httpMethod.localeCompare(b.httpMethod));
  const methods: SnapshotMethod[] = [];
  for (const method of found) {
    onProgress?.(methods.length, found.length, `${method.httpMethod} ${method.path}`);
    const { $metadata: _, ...integration } = await call('GetIntegration', () =>
      client.send(new sdk.GetIntegrationCommand({ restApiId, resourceId: method.resourceId, httpMethod: method.httpMethod })),
    );
    methods.push({ ...method, integration });
  }
  onProgress?.(methods.length, found.length, 'read');
  return {
    version: 1,
    restApiId,
    apiName: api.name ?? restApiId,
    stageName,
    deploymentId: stage.deploymentId ?? '',
    stageVariables: stage.variables ?? {},
    takenAt: new Date().toISOString(),
    methods,
  };
}

/**
 * Restores one integration exactly as snapshotted: puts the integration with every field it had
 * over what is there, deletes the integration responses it did not have, then puts each of its
 * own. The put comes first so that a refused one (a denied `apigateway:PUT`) leaves the method
 * as it was rather than without an integration, which no later detach could restore.
 *
 * @example
 * ```ts
 * await restoreIntegration(client, snapshot.restApiId, snapshot.methods[0]);
 * ```
 */
export async function restoreIntegration(client: APIGatewayClient, restApiId: string, method: SnapshotMethod): Promise<void> {
  const sdk = await loadApiGatewaySdk();
  const target = { restApiId, resourceId: method.resourceId, httpMethod: method.httpMethod };
  const original = method.integration;
  let present: readonly string[] = [];
  try {
    present = Object.keys((await client.send(new sdk.GetIntegrationCommand(target))).integrationResponses ?? {});
  } catch (error) {
    // No integration at all is where a restore may start (an interrupted one).
    if ((error as { name?: string }).name !== 'NotFoundException')
      throw toAccessError(error, 'apigateway', 'GetIntegration', apiGatewayPermission('GetIntegration'));
  }
  await call('PutIntegration', () =>
    client.send(
      new sdk.PutIntegrationCommand({
        ...target,
        type: original.type,
        ...defined({
          integrationHttpMethod: original.httpMethod,
          uri: original.uri,
          connectionType: original.connectionType,
          connectionId: original.connectionId,
          credentials: original.credentials,
          requestParameters: original.requestParameters,
          requestTemplates: original.requestTemplates,
          passthroughBehavior: original.passthroughBehavior,
          cacheNamespace: original.cacheNamespace,
          cacheKeyParameters: original.cacheKeyParameters,
          contentHandling: original.contentHandling,
          timeoutInMillis: original.timeoutInMillis,
          tlsConfig: original.tlsConfig,
          // A streamed integration restored without this would come back buffered.
          responseTransferMode: original.responseTransferMode,
          integrationTarget: original.integrationTarget,
        }),
      }),
    ),
  );
  const kept = new Set(Object.keys(original.integrationResponses ?? {}));
  for (const statusCode of present.filter((code) => !kept.has(code))) {
    try {
      await client.send(new sdk.DeleteIntegrationResponseCommand({ ...target, statusCode }));
    } catch (error) {
      // The put may have dropped it already.
      if ((error as { name?: string }).name !== 'NotFoundException')
        throw toAccessError(error, 'apigateway', 'DeleteIntegrationResponse', apiGatewayPermission('DeleteIntegrationResponse'));
    }
  }
  for (const response of Object.values(original.integrationResponses ?? {})) await putIntegrationResponse(client, sdk, target, response);
}

async function putIntegrationResponse(
  client: APIGatewayClient,
  sdk: Awaited<ReturnType<typeof loadApiGatewaySdk>>,
  target: { restApiId: string; resourceId: string; httpMethod: string },
  response: IntegrationResponse,
): Promise<void> {
  await call('PutIntegrationResponse', () =>
    client.send(
      new sdk.PutIntegrationResponseCommand({
        ...target,
        statusCode: response.statusCode,
        ...defined({
          selectionPattern: response.selectionPattern,
          responseParameters: response.responseParameters,
          responseTemplates: response.responseTemplates,
          contentHandling: response.contentHandling,
        }),
      }),
    ),
  );
}

/** Drops the `undefined` fields, so a field the original lacked stays absent. */
function defined<T extends object>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/**
 * @internal Runs one control-plane call, its error normalised to a Sluice error: a denied one
 * names the operation and the IAM action to grant (`AwsAccessError`).
 */
export async function call<T>(operation: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    throw toAccessError(error, 'apigateway', operation, apiGatewayPermission(operation));
  }
}
