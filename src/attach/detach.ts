import type { Integration } from '@aws-sdk/client-api-gateway';
import { loadApiGatewaySdk } from '../aws/api-gateway-client.js';
import { routeMapKey } from '../core/route-map-keys.js';
import { deploy, type AttachContext } from './apply.js';
import { removeInvokePermission } from './invoke-permission.js';
import { lambdaIntegrationUri, methodKey, proxyIntegration } from './plan.js';
import { call, restoreIntegration, type ApiSnapshot, type SnapshotMethod } from './snapshot.js';
import { retireSnapshot } from './store.js';

/** A method someone changed since attach: what detach expected and what it found. */
export interface DriftedMethod {
  readonly method: SnapshotMethod;
  /** The fields that differ from the attached integration, as `field: expected → found`. */
  readonly differences: readonly string[];
  /** The method no longer exists (it cannot be restored). */
  readonly gone: boolean;
}

/** What detach will do. */
export interface DetachPlan {
  readonly snapshot: ApiSnapshot;
  /** Methods still on the proxy function: restored from the snapshot. */
  readonly restore: readonly SnapshotMethod[];
  /** Methods already back as they were (an interrupted detach). */
  readonly alreadyRestored: readonly SnapshotMethod[];
  readonly drifted: readonly DriftedMethod[];
}

/**
 * Plans detach (pure): compares each method attach moved with the API as it is now.
 *
 * @example
 * ```ts
 * const plan = planDetach(stored, await readApiSnapshot(client, apiId, 'prod'));
 * plan.drifted.length; // 0 unless someone edited an integration since attach
 * ```
 */
export function planDetach(stored: ApiSnapshot, current: ApiSnapshot): DetachPlan {
  const proxyUri = lambdaIntegrationUri(stored.functionArn ?? '');
  const now = new Map(current.methods.map((method) => [methodKey(method), method]));
  const attached = new Set(stored.attached ?? []);
  const restore: SnapshotMethod[] = [];
  const alreadyRestored: SnapshotMethod[] = [];
  const drifted: DriftedMethod[] = [];
  for (const original of stored.methods.filter((method) => attached.has(methodKey(method)))) {
    const found = now.get(methodKey(original));
    if (found === undefined) {
      drifted.push({ method: original, differences: ['method: deleted since attach'], gone: true });
    } else if (found.integration.type === 'AWS_PROXY' && found.integration.uri === proxyUri) {
      restore.push(original);
    } else if (canonical(found.integration) === canonical(original.integration)) {
      alreadyRestored.push(original);
    } else {
      drifted.push({ method: original, differences: differences({ type: 'AWS_PROXY', uri: proxyUri }, found.integration), gone: false });
    }
  }
  return { snapshot: stored, restore, alreadyRestored, drifted };
}

/** How {@link applyDetach} runs. */
export interface DetachOptions {
  /** Restore the drifted integrations too. */
  readonly force: boolean;
  /** The API's other stages still attached (`otherAttachedStages`): they keep the function. */
  readonly otherStages?: readonly ApiSnapshot[];
}

/**
 * Applies a detach plan: restores each integration exactly as snapshotted (with `force`, the
 * drifted ones too), deploys the stage, deletes the stage's route map, removes the invoke
 * permission and retires the snapshot, so detaching again is a no-op. Integrations belong to
 * the API: when other stages are still attached, the methods they use are put back on the
 * function once this stage's deployment holds the originals, and the permission stays, so
 * those stages keep being served and their next deployment changes nothing. A failure before
 * the deployment (a denied `CreateDeployment`) puts the restored methods back on the function
 * and rethrows, keeping the snapshot: the API is as it was, and detach can run again.
 *
 * @example
 * ```ts
 * await applyDetach(planDetach(stored, current), ctx, { force: false, otherStages: await otherAttachedStages(client, store, apiId, 'beta') });
 * ```
 */
export async function applyDetach(plan: DetachPlan, ctx: AttachContext, options: DetachOptions): Promise<{ restored: number; deploymentId?: string }> {
  const { snapshot } = plan;
  const methods = [...plan.restore, ...(options.force ? plan.drifted.filter((drift) => !drift.gone).map((drift) => drift.method) : [])];
  const restored: SnapshotMethod[] = [];
  let deploymentId: string | undefined;
  try {
    for (const method of methods) {
      ctx.onProgress?.(restored.length, methods.length, `${method.httpMethod} ${method.path}`);
      await restoreIntegration(ctx.apiGateway, snapshot.restApiId, method);
      restored.push(method);
    }
    ctx.onProgress?.(restored.length, methods.length, 'integrations');
    // Methods an interrupted detach already restored may still be on the stage's deployment:
    // deploy for them too, or removing the permission below would break the stage.
    if (methods.length > 0 || plan.alreadyRestored.length > 0) {
      deploymentId = await deploy(ctx.apiGateway, snapshot.restApiId, snapshot.stageName, 'sluice detach');
    }
  } catch (error) {
    // The stage still serves the attached deployment: put the methods back on the function, so
    // the API is as it was and the snapshot (kept) can detach it again.
    if (snapshot.functionArn !== undefined) await putOnFunction(ctx, snapshot.restApiId, restored, () => snapshot.functionArn);
    throw error;
  }
  const otherStages = options.otherStages ?? [];
  await reattachForOtherStages(ctx, snapshot.restApiId, restored, otherStages);
  if (snapshot.functionArn !== undefined && otherStages.length === 0) await removeInvokePermission(ctx.lambda, snapshot.functionArn, snapshot.restApiId);
  const mapKey = routeMapKey(snapshot.restApiId, snapshot.stageName);
  if (mapKey !== undefined) await ctx.store.objects.delete(ctx.store.bucket, mapKey);
  await retireSnapshot(ctx.store, snapshot);
  return { restored: methods.length, ...(deploymentId !== undefined && { deploymentId }) };
}

/** Puts the restored methods other attached stages use back on their function (not deployed: those stages already serve it). */
async function reattachForOtherStages(
  ctx: AttachContext,
  restApiId: string,
  restored: readonly SnapshotMethod[],
  otherStages: readonly ApiSnapshot[],
): Promise<void> {
  if (otherStages.length === 0 || restored.length === 0) return;
  const owners = new Map<string, string>();
  for (const other of otherStages) for (const key of other.attached ?? []) if (other.functionArn !== undefined) owners.set(key, other.functionArn);
  await putOnFunction(ctx, restApiId, restored, (method) => owners.get(methodKey(method)));
}

/** Puts methods on a proxy function (`AWS_PROXY`, as `proxyIntegration` makes it), as attach does; those `functionOf` gives none stay. */
async function putOnFunction(
  ctx: AttachContext,
  restApiId: string,
  methods: readonly SnapshotMethod[],
  functionOf: (method: SnapshotMethod) => string | undefined,
): Promise<void> {
  if (methods.length === 0) return;
  const sdk = await loadApiGatewaySdk();
  for (const method of methods) {
    const functionArn = functionOf(method);
    if (functionArn === undefined) continue;
    const integration = proxyIntegration(method.integration, lambdaIntegrationUri(functionArn));
    await call('PutIntegration', () =>
      ctx.apiGateway.send(new sdk.PutIntegrationCommand({ restApiId, resourceId: method.resourceId, httpMethod: method.httpMethod, ...integration })),
    );
  }
}

/** JSON with sorted keys: two integrations equal field for field compare equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b)))
      : inner,
  );
}

function differences(expected: Partial<Integration>, found: Integration): string[] {
  return (Object.keys(expected) as (keyof Integration)[])
    .filter((field) => expected[field] !== found[field])
    .map((field) => `${field}: ${String(expected[field])} → ${String(found[field] ?? '(none)')}`);
}
