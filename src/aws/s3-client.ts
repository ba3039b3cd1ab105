import type * as S3Module from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { sdkClientConfig, type AwsClientOptions } from './client-options.js';
import { toAwsError } from './aws-errors.js';

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
