import type { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { loadApiGatewaySdk } from '../aws/api-gateway-client.js';
import { UsageError } from '../core/errors.js';
import { routeMapKey } from '../core/route-map-keys.js';
import { RouteMap } from '../functions/route-map.js';
import { addInvokePermission, removeInvokePermission } from './invoke-permission.js';
import type { AttachPlan } from './plan.js';
import { call, restoreIntegration, type ProgressListener, type SnapshotMethod } from './snapshot.js';
import { loadSnapshot, saveSnapshot, snapshotKey, type SnapshotStore } from './store.js';

/** The clients and places attach and detach work with. */
export interface AttachContext {
  readonly apiGateway: APIGatewayClient;
  readonly lambda: LambdaClient;
  /** The control bucket: snapshots, and the route maps (`routeMapKey`) the proxy function reads. */
  readonly store: SnapshotStore;
  readonly onProgress?: ProgressListener;
}

/** What an applied attach did. */
export interface AttachResult {
  readonly changed: number;
  readonly deploymentId?: string;
}

/**
 * Applies an attach plan (SPEC §5): stores the snapshot first (so nothing is changed that
 * cannot be restored), writes the stage's route map (`route-maps/<apiId>/<stage>.json`, so
 * other APIs and stages keep theirs), lets the API invoke the function, moves each planned
 * method onto it keeping its timeout, then deploys the stage once. A stage attached for the
 * first time is deployed even when another stage's attach already moved every method. A
 * failure midway puts back the integrations it changed (and removes a permission, a snapshot
 * and a route map this run added), then rethrows; the stage still serves its old deployment.
 *
 * @example
 * ```ts
 * const plan = planAttach(await readApiSnapshot(ctx.apiGateway, apiId, 'prod'), functionArn, await loadSnapshot(ctx.store, apiId, 'prod'));
 * await applyAttach(plan, ctx);
 * ```
 */
export async function applyAttach(plan: AttachPlan, ctx: AttachContext): Promise<AttachResult> {
  const { snapshot } = plan;
  const functionArn = snapshot.functionArn!;
  // Nothing to put on the function: write nothing (an empty route map would fail the proxy's init).
  if (plan.routeMap.routes.length === 0) return { changed: 0 };
  // The same check the proxy makes at init, before anything changes.
  RouteMap.parse(JSON.stringify(plan.routeMap), 'the planned route map');
  const mapKey = routeMapKey(snapshot.restApiId, snapshot.stageName);
  if (mapKey === undefined)
    throw new UsageError(`--api-id and --stage: not an API Gateway REST API id and stage name (${snapshot.restApiId}, ${snapshot.stageName})`);
  const hadSnapshot = (await loadSnapshot(ctx.store, snapshot.restApiId, snapshot.stageName)) !== undefined;
  await saveSnapshot(ctx.store, snapshot);
  await ctx.store.objects.put(ctx.store.bucket, mapKey, `${JSON.stringify(plan.routeMap, null, 2)}\n`);
  const sdk = await loadApiGatewaySdk();
  const changed: SnapshotMethod[] = [];
  let addedPermission = false;
  try {
    // Inside the rollback: a denied lambda:AddPermission must not leave this run's snapshot and
    // route map behind, or detach would find an attach that never happened.
    addedPermission = await addInvokePermission(ctx.lambda, functionArn, snapshot.restApiId);
    if (plan.changes.length === 0 && hadSnapshot) return { changed: 0 };
    for (const change of plan.changes) {
      ctx.onProgress?.(changed.length, plan.changes.length, `${change.method.httpMethod} ${change.method.path}`);
      const { method } = change;
      await call('PutIntegration', () =>
        ctx.apiGateway.send(
          new sdk.PutIntegrationCommand({ restApiId: snapshot.restApiId, resourceId: method.resourceId, httpMethod: method.httpMethod, ...change.integration }),
        ),
      );
      changed.push(method);
    }
    ctx.onProgress?.(changed.length, plan.changes.length, 'integrations');
    const deployment = await deploy(ctx.apiGateway, snapshot.restApiId, snapshot.stageName, 'sluice attach');
    return { changed: changed.length, ...(deployment !== undefined && { deploymentId: deployment }) };
  } catch (error) {
    for (const method of changed.reverse()) await restoreIntegration(ctx.apiGateway, snapshot.restApiId, method);
    if (addedPermission) await removeInvokePermission(ctx.lambda, functionArn, snapshot.restApiId);
    if (!hadSnapshot) {
      await ctx.store.objects.delete(ctx.store.bucket, snapshotKey(snapshot.restApiId, snapshot.stageName));
      await ctx.store.objects.delete(ctx.store.bucket, mapKey);
    }
    throw error;
  }
}

/**
 * Deploys the stage's current API (`CreateDeployment` with `stageName`): other stages keep
 * theirs. Throttling is retried by the client (see `createApiGatewayClient`).
 *
 * @example
 * ```ts
 * const id = await deploy(client, 'a1b2c3d4e5', 'prod', 'sluice attach');
 * ```
 */
export async function deploy(client: APIGatewayClient, restApiId: string, stageName: string, description: string): Promise<string | undefined> {
  const sdk = await loadApiGatewaySdk();
  const answer = await call('CreateDeployment', () => client.send(new sdk.CreateDeploymentCommand({ restApiId, stageName, description })));
  return answer.id;
}
