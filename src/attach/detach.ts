import type { Integration } from '@aws-sdk/client-api-gateway';
import { deploy, type AttachContext } from './apply.js';
import { removeInvokePermission } from './invoke-permission.js';
import { lambdaIntegrationUri, methodKey } from './plan.js';
import { restoreIntegration, type ApiSnapshot, type SnapshotMethod } from './snapshot.js';
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

/**
 * Applies a detach plan: restores each integration exactly as snapshotted (with `force`, the
 * drifted ones too), deploys the stage, removes the invoke permission and retires the snapshot,
 * so detaching again is a no-op.
 *
 * @example
 * ```ts
 * await applyDetach(planDetach(stored, current), ctx, { force: false });
 * ```
 */
export async function applyDetach(plan: DetachPlan, ctx: AttachContext, options: { force: boolean }): Promise<{ restored: number; deploymentId?: string }> {
  const { snapshot } = plan;
  const methods = [...plan.restore, ...(options.force ? plan.drifted.filter((drift) => !drift.gone).map((drift) => drift.method) : [])];
  let done = 0;
  for (const method of methods) {
    ctx.onProgress?.(done, methods.length, `${method.httpMethod} ${method.path}`);
    await restoreIntegration(ctx.apiGateway, snapshot.restApiId, method);
    done += 1;
  }
  ctx.onProgress?.(done, methods.length, 'integrations');
  const deploymentId = methods.length > 0 ? await deploy(ctx.apiGateway, snapshot.restApiId, snapshot.stageName, 'sluice detach') : undefined;
  if (snapshot.functionArn !== undefined) await removeInvokePermission(ctx.lambda, snapshot.functionArn, snapshot.restApiId);
  await retireSnapshot(ctx.store, snapshot);
  return { restored: methods.length, ...(deploymentId !== undefined && { deploymentId }) };
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
