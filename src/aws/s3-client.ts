import type * as S3Module from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { sdkClientConfig, type AwsClientOptions } from './client-options.js';
import { toAccessError } from './access-errors.js';
import { isNotFound, toAwsError } from './aws-errors.js';

/** The `@aws-sdk/client-s3` module. */
export type S3Sdk = typeof S3Module;

let sdk: Promise<S3Sdk> | undefined;

/**
 * Loads the S3 SDK on first use: most messages never touch S3.
 *
 * @example
 * ```ts
 * const { PutObjectCommand } = await loadS3Sdk();
 * ```
 */
export function loadS3Sdk(): Promise<S3Sdk> {
  sdk ??= import('@aws-sdk/client-s3');
  return sdk;
}

/**
 * An S3 client: the given region and endpoint (buckets then addressed path-style, as emulators
 * and VPC endpoints need), the standard credential chain unless credentials are given.
 *
 * @example
 * ```ts
 * const s3 = await createS3Client({ region: 'eu-west-1' });
 * ```
 */
export async function createS3Client(options: AwsClientOptions): Promise<S3Client> {
  const { S3Client: Client } = await loadS3Sdk();
  return new Client({ ...sdkClientConfig(options), forcePathStyle: options.endpoint !== undefined });
}

/** Reads and writes whole objects: what payload offloading needs of S3. */
export interface ObjectStore {
  put(bucket: string, key: string, body: string | Uint8Array): Promise<void>;
  /** @throws AwsServiceError (`isNotFound`) when the object does not exist. */
  get(bucket: string, key: string): Promise<Buffer>;
  /** Deleting an object that is gone is not an error (S3 answers 204 either way). */
  delete(bucket: string, key: string): Promise<void>;
  /** Releases the client's connections. */
  destroy(): void;
}

export interface S3ObjectStoreOptions extends AwsClientOptions {
  /** A client to use instead of creating one (tests stub its `send`). */
  readonly client?: S3Client;
}

/**
 * {@link ObjectStore} over S3. The SDK and the client are created on the first call, so a
 * process that never offloads a payload never loads them. With an `endpoint` (a local
 * emulator, a VPC endpoint) buckets are addressed path-style.
 *
 * @example
 * ```ts
 * const store = new S3ObjectStore({ region: 'eu-west-1' });
 * await store.put('payloads', key, json);
 * const bytes = await store.get('payloads', key);
 * await store.delete('payloads', key);
 * ```
 */
export class S3ObjectStore implements ObjectStore {
  readonly #options: S3ObjectStoreOptions;
  #client: Promise<S3Client> | undefined;
  #created = false;

  constructor(options: S3ObjectStoreOptions) {
    this.#options = options;
    if (options.client !== undefined) this.#client = Promise.resolve(options.client);
  }

  async put(bucket: string, key: string, body: string | Uint8Array): Promise<void> {
    const [client, { PutObjectCommand }] = await Promise.all([this.#s3(), loadS3Sdk()]);
    try {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    } catch (error) {
      throw toAwsError(error, 's3', 'PutObject');
    }
  }

  async get(bucket: string, key: string): Promise<Buffer> {
    const [client, { GetObjectCommand }] = await Promise.all([this.#s3(), loadS3Sdk()]);
    try {
      const answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      if (answer.Body === undefined) return Buffer.alloc(0);
      const bytes = await answer.Body.transformToByteArray();
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    } catch (error) {
      throw toAwsError(error, 's3', 'GetObject');
    }
  }

  async delete(bucket: string, key: string): Promise<void> {
    const [client, { DeleteObjectCommand }] = await Promise.all([this.#s3(), loadS3Sdk()]);
    try {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    } catch (error) {
      throw toAwsError(error, 's3', 'DeleteObject');
    }
  }

  destroy(): void {
    // Only a client this store created is its to destroy; an injected one belongs to the caller.
    if (this.#created) void this.#client?.then((client) => client.destroy());
  }

  #s3(): Promise<S3Client> {
    this.#client ??= createS3Client(this.#options).then((client) => {
      this.#created = true;
      return client;
    });
    return this.#client;
  }
}

/** S3's most keys per ListObjectVersions page and per DeleteObjects call. */
const S3_PAGE = 1000;

/**
 * How many object versions and delete markers a bucket holds, counting at most `maxPages` pages
 * of ListObjectVersions (1,000 each on S3): enough to warn before deleting them, for a few
 * calls. `more` says the count stopped short. A bucket that is gone holds none.
 *
 * @throws AwsAccessError naming `s3:ListBucketVersions` when it is denied.
 * @example
 * ```ts
 * await countObjectVersions({ region: 'eu-west-1' }, bucket); // { count: 3, more: false }
 * ```
 */
export async function countObjectVersions(options: AwsClientOptions, bucket: string, maxPages = 10): Promise<{ count: number; more: boolean }> {
  const [client, { ListObjectVersionsCommand }] = await Promise.all([createS3Client(options), loadS3Sdk()]);
  let count = 0;
  try {
    let markers: { KeyMarker?: string; VersionIdMarker?: string } = {};
    for (let pages = 0; pages < maxPages; pages++) {
      const page = await client.send(new ListObjectVersionsCommand({ Bucket: bucket, MaxKeys: S3_PAGE, ...markers }));
      count += (page.Versions?.length ?? 0) + (page.DeleteMarkers?.length ?? 0);
      if (page.IsTruncated !== true) return { count, more: false };
      markers = {
        ...(page.NextKeyMarker !== undefined && { KeyMarker: page.NextKeyMarker }),
        ...(page.NextVersionIdMarker !== undefined && { VersionIdMarker: page.NextVersionIdMarker }),
      };
    }
    return { count, more: true };
  } catch (error) {
    if (isNotFound(error)) return { count, more: false };
    throw toAccessError(error, 's3', 'ListObjectVersions', `s3:ListBucketVersions (arn:aws:s3:::${bucket})`);
  } finally {
    client.destroy();
  }
}

/**
 * Deletes every object version and delete marker of a bucket (ListObjectVersions, then
 * DeleteObjects, 1,000 at a time), so CloudFormation, which deletes only empty buckets, can
 * delete it with its stack. Versions, not just current objects: a versioned bucket still holds
 * the old versions of every object once they are deleted. A bucket that is gone is empty.
 *
 * @returns how many versions and markers were deleted.
 * @throws AwsAccessError naming `s3:ListBucketVersions` or `s3:DeleteObjectVersion` when denied;
 *   AwsServiceError when S3 refuses to delete an object.
 * @example
 * ```ts
 * await emptyBucket({ region: 'eu-west-1' }, outputs.PayloadBucketName); // 42
 * ```
 */
export async function emptyBucket(options: AwsClientOptions, bucket: string): Promise<number> {
  const [client, { ListObjectVersionsCommand, DeleteObjectsCommand }] = await Promise.all([createS3Client(options), loadS3Sdk()]);
  let deleted = 0;
  try {
    let keyMarker: string | undefined;
    let versionIdMarker: string | undefined;
    for (;;) {
      let page;
      try {
        page = await client.send(
          new ListObjectVersionsCommand({
            Bucket: bucket,
            MaxKeys: S3_PAGE,
            ...(keyMarker !== undefined && { KeyMarker: keyMarker }),
            ...(versionIdMarker !== undefined && { VersionIdMarker: versionIdMarker }),
          }),
        );
      } catch (error) {
        if (isNotFound(error)) return deleted;
        throw toAccessError(error, 's3', 'ListObjectVersions', `s3:ListBucketVersions (arn:aws:s3:::${bucket})`);
      }
      const objects = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])].flatMap((entry) =>
        entry.Key !== undefined ? [{ Key: entry.Key, ...(entry.VersionId !== undefined && { VersionId: entry.VersionId }) }] : [],
      );
      if (objects.length > 0) {
        let answer;
        try {
          answer = await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects, Quiet: true } }));
        } catch (error) {
          throw toAccessError(error, 's3', 'DeleteObjects', `s3:DeleteObject and s3:DeleteObjectVersion (arn:aws:s3:::${bucket}/*)`);
        }
        const failed = answer.Errors ?? [];
        if (failed.length > 0) {
          const first = failed[0]!;
          throw toAccessError(
            Object.assign(new Error(`${failed.length} object(s) not deleted, first ${first.Key}: ${first.Message ?? ''}`), {
              name: first.Code ?? 'DeleteFailed',
            }),
            's3',
            'DeleteObjects',
            `s3:DeleteObject and s3:DeleteObjectVersion (arn:aws:s3:::${bucket}/*)`,
          );
        }
        deleted += objects.length;
      }
      if (page.IsTruncated !== true) return deleted;
      keyMarker = page.NextKeyMarker;
      versionIdMarker = page.NextVersionIdMarker;
    }
  } finally {
    client.destroy();
  }
}

/**
 * Splits an `s3://bucket/key` address.
 *
 * @example
 * ```ts
 * parseS3Uri('s3://deploy-bucket/sluice/routes.json'); // { bucket: 'deploy-bucket', key: 'sluice/routes.json' }
 * parseS3Uri('https://example.com'); // undefined
 * ```
 */
export function parseS3Uri(uri: string): { bucket: string; key: string } | undefined {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  return match ? { bucket: match[1]!, key: match[2]! } : undefined;
}
