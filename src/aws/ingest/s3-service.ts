import type { S3Client } from '@aws-sdk/client-s3';
import type { AwsClientOptions } from '../client-options.js';
import { createS3Client, loadS3Sdk } from '../s3-client.js';
import type { IngestCall, IngestReply, IngestService } from './ingest-service.js';

const EMPTY = new Uint8Array(0);

/**
 * `PutObject` for `s3` ingest routes: the body as sent (its bytes, never re-encoded) under the
 * key template, with its Content-Type kept. An empty body is an empty object. No limit of its
 * own: the route's `limits.max_body_bytes` applies (a single PUT takes up to 5 GB).
 *
 * @example
 * ```ts
 * const s3 = new S3Service({ region: 'eu-west-1' });
 * await s3.send({ values: { Bucket: 'uploads', Key: 'r-1', Body: '…' }, body, wholeBody: new Set(['Body']), abortSignal }); // { key: 'r-1', etag: '"…"' }
 * ```
 */
export class S3Service implements IngestService {
  readonly service = 's3';
  readonly operation = 'PutObject';
  readonly maxBodyBytes = undefined;
  readonly #options: AwsClientOptions;
  #client: Promise<S3Client> | undefined;

  constructor(options: AwsClientOptions) {
    this.#options = options;
  }

  async send(call: IngestCall): Promise<IngestReply> {
    const { values } = call;
    const body = call.wholeBody.has('Body') ? call.body : values.Body === undefined ? EMPTY : Buffer.from(values.Body, 'utf8');
    const input = {
      Bucket: values.Bucket,
      Key: values.Key,
      Body: body,
      ContentLength: body.byteLength,
      ContentType: values.ContentType,
      CacheControl: values.CacheControl,
      ContentDisposition: values.ContentDisposition,
      ContentEncoding: values.ContentEncoding,
      ContentLanguage: values.ContentLanguage,
      Tagging: values.Tagging,
    };
    const [client, { PutObjectCommand }] = await Promise.all([this.#s3(), loadS3Sdk()]);
    const answer = await client.send(new PutObjectCommand(input), { abortSignal: call.abortSignal });
    return { key: values.Key, etag: answer.ETag };
  }

  close(): void {
    void this.#client?.then((client) => client.destroy());
  }

  #s3(): Promise<S3Client> {
    this.#client ??= createS3Client(this.#options);
    return this.#client;
  }
}
