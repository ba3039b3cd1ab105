import type { IncomingMessage, ServerResponse } from 'node:http';
import { EmulatorProxy } from './emulator-proxy.js';

/**
 * Adds S3's ListObjectVersions (`GET /bucket?versions`) to an S3 emulator that lacks it (fauxqs):
 * a proxy on 127.0.0.1 that answers it from the emulator's ListObjectsV2, each object as the one
 * version S3 reports for an unversioned bucket (`VersionId` "null", `IsLatest`), in pages of at
 * most `pageSize` (S3 may return fewer keys than asked, so clients must follow `IsTruncated`;
 * a small page makes them). Every other request passes through; `DeleteObjects` with
 * `VersionId` "null" deletes the object, as on S3.
 *
 * @example
 * ```ts
 * const s3 = await new S3ListVersions(fauxqs.endpoint, 2).listen();
 * process.env.AWS_ENDPOINT_URL_S3 = s3.url;
 * ```
 */
export class S3ListVersions extends EmulatorProxy {
  readonly #pageSize: number;
  /** The `?versions` pages served, one entry per call: the bucket's name. */
  readonly listed: string[] = [];

  constructor(upstream: string, pageSize = 1000) {
    super(upstream);
    this.#pageSize = pageSize;
  }

  protected async handle(req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://s3');
    const bucket = url.pathname.split('/')[1] ?? '';
    if (req.method === 'GET' && url.searchParams.has('versions') && url.pathname.split('/').filter(Boolean).length === 1) {
      this.listed.push(bucket);
      return this.#listVersions(bucket, url.searchParams, res);
    }
    await this.forward(req, body, res);
  }

  async #listVersions(bucket: string, query: URLSearchParams, res: ServerResponse): Promise<void> {
    const maxKeys = Math.min(Number(query.get('max-keys') ?? 1000), this.#pageSize);
    const keyMarker = query.get('key-marker') ?? '';
    const list = await fetch(`${this.upstream}/${bucket}?list-type=2&max-keys=${maxKeys}&start-after=${encodeURIComponent(keyMarker)}`);
    const text = await list.text();
    if (list.status !== 200) {
      res.writeHead(list.status, { 'content-type': 'application/xml' });
      res.end(text);
      return;
    }
    const contents = [...text.matchAll(/<Contents>([\s\S]*?)<\/Contents>/g)].map((match) => match[1]!);
    const field = (xml: string, name: string): string => new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml)?.[1] ?? '';
    const truncated = field(text, 'IsTruncated') === 'true';
    const versions = contents
      .map(
        (entry) =>
          `<Version><Key>${field(entry, 'Key')}</Key><VersionId>null</VersionId><IsLatest>true</IsLatest>` +
          `<LastModified>${field(entry, 'LastModified')}</LastModified><ETag>${field(entry, 'ETag')}</ETag>` +
          `<Size>${field(entry, 'Size')}</Size><StorageClass>STANDARD</StorageClass></Version>`,
      )
      .join('');
    const last = contents.length > 0 ? field(contents.at(-1)!, 'Key') : '';
    res.writeHead(200, { 'content-type': 'application/xml' });
    res.end(
      `<?xml version="1.0" encoding="UTF-8"?>\n<ListVersionsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">` +
        `<Name>${bucket}</Name><Prefix></Prefix><KeyMarker>${keyMarker}</KeyMarker><VersionIdMarker></VersionIdMarker>` +
        (truncated ? `<NextKeyMarker>${last}</NextKeyMarker><NextVersionIdMarker>null</NextVersionIdMarker>` : '') +
        `<MaxKeys>${maxKeys}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${versions}</ListVersionsResult>`,
    );
  }
}
