import type { IncomingMessage, ServerResponse } from 'node:http';
import { EmulatorProxy } from './emulator-proxy.js';

/**
 * S3 as a caller without `s3:ListBucket` sees it: a proxy on 127.0.0.1 in front of an S3
 * emulator that passes every request on, but answers a read of a missing object (the emulator's
 * 404) with the 403 AccessDenied error document S3 itself sends then ("If you don't have the
 * s3:ListBucket permission, Amazon S3 returns an HTTP status code 403", GetObject's reference).
 *
 * @example
 * ```ts
 * const s3 = await new S3WithoutListBucket(fauxqs.endpoint).listen();
 * process.env.AWS_ENDPOINT_URL_S3 = s3.url;
 * ```
 */
export class S3WithoutListBucket extends EmulatorProxy {
  /** `METHOD /path` of each read answered with 403. */
  readonly denied: string[] = [];

  constructor(upstream: string) {
    super(upstream);
  }

  protected async handle(req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<void> {
    const answer = await this.fetchUpstream(req, body);
    if (answer.status === 404 && (req.method === 'GET' || req.method === 'HEAD')) {
      this.denied.push(`${req.method} ${req.url}`);
      res.writeHead(403, { 'content-type': 'application/xml', 'x-amz-request-id': 'D3N13D0000000000' });
      res.end(
        '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Access Denied</Message>' +
          '<RequestId>D3N13D0000000000</RequestId><HostId>denied-host-id</HostId></Error>',
      );
      return;
    }
    await this.relay(answer, res);
  }
}
