import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * SSM on the wire (JSON 1.1, `X-Amz-Target: AmazonSSM.GetParameter`) for the one call the CDK
 * toolkit makes: the bootstrap version (`/cdk-bootstrap/hnb659fds/version`). A parameter not in
 * `parameters` (a live map) gets AWS's `ParameterNotFound` (400) at once: an environment that was
 * never bootstrapped, where the toolkit diffs templates instead of creating a change set (rather
 * than retrying an unreachable endpoint for half a minute).
 *
 * @example
 * ```ts
 * const ssm = await startSsmStandIn();
 * process.env.AWS_ENDPOINT_URL_SSM = serverUrl(ssm);
 * ```
 */
export async function startSsmStandIn(parameters: Map<string, string> = new Map()): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const name = target === 'AmazonSSM.GetParameter' ? String((JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { Name?: unknown }).Name) : '';
      const value = parameters.get(name);
      res.writeHead(value !== undefined ? 200 : 400, { 'content-type': 'application/x-amz-json-1.1' });
      if (value !== undefined) return res.end(JSON.stringify({ Parameter: { Name: name, Type: 'String', Value: value, Version: 1 } }));
      const [type, message] =
        target === 'AmazonSSM.GetParameter' ? ['ParameterNotFound', ''] : ['UnknownOperationException', `${target} is not supported by this stand-in`];
      res.end(JSON.stringify({ __type: type, message }));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return server;
}

/** A stand-in's address, for `AWS_ENDPOINT_URL_<SERVICE>`. */
export function serverUrl(server: Server): string {
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
