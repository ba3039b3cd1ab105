import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isAccessDenied } from '../aws/access-errors.js';
import { isNotFound } from '../aws/aws-errors.js';
import { AwsAccessError } from '../core/errors.js';
import type { ObjectStore } from '../aws/s3-client.js';
import type { ApiSnapshot } from './snapshot.js';

/** Where attach keeps its snapshot: the control bucket (which never expires objects) and a local copy. */
export interface SnapshotStore {
  readonly objects: ObjectStore;
  readonly bucket: string;
  /** The local folder for copies (`<data dir>/attach`). */
  readonly localDir: string;
}

/**
 * The snapshot's key in the control bucket, one per API and stage.
 *
 * @example
 * ```ts
 * snapshotKey('a1b2c3d4e5', 'prod'); // 'sluice/attach/a1b2c3d4e5/prod.json'
 * ```
 */
export function snapshotKey(restApiId: string, stageName: string): string {
  return `sluice/attach/${restApiId}/${stageName}.json`;
}

/**
 * The stored snapshot of an attached API and stage, or `undefined` when none is attached.
 *
 * @throws AwsAccessError when S3 denies the read. Without `s3:ListBucket` on the bucket, S3
 *   answers a missing object with 403 AccessDenied instead of 404, so a first attach (no snapshot
 *   yet) looks like a refusal: the error names both permissions rather than guess which is missing.
 * @example
 * ```ts
 * const snapshot = await loadSnapshot(store, 'a1b2c3d4e5', 'prod');
 * ```
 */
export async function loadSnapshot(store: SnapshotStore, restApiId: string, stageName: string): Promise<ApiSnapshot | undefined> {
  try {
    return JSON.parse((await store.objects.get(store.bucket, snapshotKey(restApiId, stageName))).toString('utf8')) as ApiSnapshot;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    if (isAccessDenied(error)) {
      const bucket = `arn:aws:s3:::${store.bucket}`;
      const permission = `s3:ListBucket (${bucket}) and s3:GetObject (${bucket}/sluice/*)`;
      throw new AwsAccessError(
        `S3 denied reading s3://${store.bucket}/${snapshotKey(restApiId, stageName)}: grant ${permission} to the deployer (README, "Deploy on AWS"); ` +
          'without s3:ListBucket, S3 answers 403 instead of 404 for a snapshot that does not exist yet',
        permission,
        { cause: error },
      );
    }
    throw error;
  }
}

/**
 * Stores the snapshot in the control bucket and as a private local file (0600 in a 0700 folder:
 * integrations may carry credentials' role ARNs and backend addresses).
 *
 * @example
 * ```ts
 * await saveSnapshot(store, plan.snapshot);
 * ```
 */
export async function saveSnapshot(store: SnapshotStore, snapshot: ApiSnapshot): Promise<void> {
  const text = `${JSON.stringify(snapshot, null, 2)}\n`;
  await store.objects.put(store.bucket, snapshotKey(snapshot.restApiId, snapshot.stageName), text);
  await mkdir(store.localDir, { recursive: true, mode: 0o700 });
  await writeFile(localPath(store, snapshot), text, { mode: 0o600 });
}

/**
 * Forgets an attach after detach: deletes the bucket's snapshot (so detaching again is a no-op)
 * and keeps the local copy, renamed with the time, as a record.
 *
 * @example
 * ```ts
 * await retireSnapshot(store, snapshot);
 * ```
 */
export async function retireSnapshot(store: SnapshotStore, snapshot: ApiSnapshot): Promise<void> {
  await store.objects.delete(store.bucket, snapshotKey(snapshot.restApiId, snapshot.stageName));
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  await rename(localPath(store, snapshot), localPath(store, snapshot).replace(/\.json$/, `.detached-${stamp}.json`)).catch(() => undefined);
}

function localPath(store: SnapshotStore, snapshot: ApiSnapshot): string {
  return join(store.localDir, `${snapshot.restApiId}-${snapshot.stageName}.json`);
}
