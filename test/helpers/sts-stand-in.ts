import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * STS on the wire (AWS Query protocol) for `GetCallerIdentity`, the one STS call `sluice deploy`
 * makes, answered as in the API reference's example.
 *
 * @example
 * ```ts
 * const sts = await startStsStandIn();
 * process.env.AWS_ENDPOINT_URL_STS = stsUrl(sts);
 * ```
 */
export async function startStsStandIn(): Promise<Server> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(
        '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/ci</Arn><UserId>AIDACI</UserId><Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata></GetCallerIdentityResponse>',
      );
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return server;
}

/** The stand-in's address, for `AWS_ENDPOINT_URL_STS`. */
export function stsUrl(server: Server): string {
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
