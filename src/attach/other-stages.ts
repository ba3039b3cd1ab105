import type { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { loadApiGatewaySdk } from '../aws/api-gateway-client.js';
import { call, type ApiSnapshot } from './snapshot.js';
import { loadSnapshot, type SnapshotStore } from './store.js';

/**
 * The snapshots of the API's other attached stages (`GetStages`, then each stage's stored
 * snapshot). Integrations belong to the API, not to a stage: attaching a second stage finds the
 * originals in the first one's snapshot (the methods are already on the function), and detaching
 * one stage must leave the API's integrations on the function for the stages still attached.
 *
 * @example
 * ```ts
 * const others = await otherAttachedStages(ctx.apiGateway, ctx.store, 'a1b2c3d4e5', 'beta');
 * others.map((snapshot) => snapshot.stageName); // ['prod']
 * ```
 */
export async function otherAttachedStages(client: APIGatewayClient, store: SnapshotStore, restApiId: string, stageName: string): Promise<ApiSnapshot[]> {
  const sdk = await loadApiGatewaySdk();
  const stages = await call('GetStages', () => client.send(new sdk.GetStagesCommand({ restApiId })));
  const found: ApiSnapshot[] = [];
  for (const stage of stages.item ?? []) {
    if (stage.stageName === undefined || stage.stageName === stageName) continue;
    const snapshot = await loadSnapshot(store, restApiId, stage.stageName);
    if (snapshot?.attached !== undefined && snapshot.attached.length > 0) found.push(snapshot);
  }
  return found;
}
