import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../../helpers/gateway.js';
import { request } from '../../helpers/http-client.js';

interface ErrorBody {
  error: { code: string; message: string };
}

/** A peer that reads each request and never answers: every target waits until its timeout. */
async function startStallingPeer(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req) => req.resume());
  return listen(server);
}

/** A peer that drops every connection as soon as a request arrives (ECONNRESET at the gateway). */
async function startResettingPeer(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req) => req.socket.destroy());
  return listen(server);
}

async function listen(server: Server): Promise<{ url: string; close(): Promise<void> }> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** An address that was just free: connecting to it is refused. */
async function refusingUrl(): Promise<string> {
  const server = createTcpServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** The three ways a route reaches its peer: an HTTP upstream, an emulator, the Lambda Invoke API. */
function targets(url: string): Record<string, Record<string, unknown>> {
  return {
    http: { type: 'http', url },
    emulator: { type: 'lambda', endpoint: url },
    aws: { type: 'lambda', function: 'hello', region: 'us-east-1', aws_endpoint: url },
  };
}

const AWS_ENV = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_REGION'] as const;

/**
 * Issue 11: the same failure is the same status on every target. A peer that does not answer in
 * time is 504, a peer that refuses or resets the connection 502, for the `http` target and the
 * `lambda` target alike (emulator or AWS Invoke). Before, the AWS SDK's reset, which it renames
 * `TimeoutError`, was a 504 on Invoke routes, and a socket `ETIMEDOUT` a 502 on emulator routes.
 */
describe('Gateway: target timeouts and refused connections', () => {
  let stalling: Awaited<ReturnType<typeof startStallingPeer>>;
  let resetting: Awaited<ReturnType<typeof startResettingPeer>>;
  let gw: TestGateway;
  const savedEnv = Object.fromEntries(AWS_ENV.map((key) => [key, process.env[key]]));

  beforeAll(async () => {
    [stalling, resetting] = await Promise.all([startStallingPeer(), startResettingPeer()]);
    const refused = await refusingUrl();
    // The SDK signs with the standard chain's credentials; the stand-ins do not check them.
    for (const key of AWS_ENV) delete process.env[key];
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'AKIDTEST', AWS_SECRET_ACCESS_KEY: 'test-secret' });
    const peers = { stall: stalling.url, reset: resetting.url, refused };
    gw = await startGateway({
      routes: Object.entries(peers).flatMap(([failure, url]) =>
        Object.entries(targets(url)).map(([target, config]) => ({
          name: `${target}-${failure}`,
          match: { path_prefix: `/${target}/${failure}` },
          target: config,
          // Only the stalling peers need a short timeout; it is what the test waits for.
          ...(failure === 'stall' && { limits: { timeout: '300ms' } }),
        })),
      ),
    });
  });

  afterAll(async () => {
    await gw?.stop();
    await Promise.all([stalling?.close(), resetting?.close()]);
    for (const key of AWS_ENV) {
      if (savedEnv[key] === undefined) delete process.env[key];
      else process.env[key] = savedEnv[key];
    }
  });

  it.each([
    { target: 'http', failure: 'stall', status: 504, code: 'SLUICE_UPSTREAM_TIMEOUT' },
    { target: 'emulator', failure: 'stall', status: 504, code: 'SLUICE_FUNCTION_TIMEOUT' },
    { target: 'aws', failure: 'stall', status: 504, code: 'SLUICE_FUNCTION_TIMEOUT' },
    { target: 'http', failure: 'reset', status: 502, code: 'SLUICE_UPSTREAM_UNREACHABLE' },
    { target: 'emulator', failure: 'reset', status: 502, code: 'SLUICE_INVOKE_FAILED' },
    { target: 'aws', failure: 'reset', status: 502, code: 'SLUICE_INVOKE_FAILED' },
    { target: 'http', failure: 'refused', status: 502, code: 'SLUICE_UPSTREAM_UNREACHABLE' },
    { target: 'emulator', failure: 'refused', status: 502, code: 'SLUICE_INVOKE_FAILED' },
    { target: 'aws', failure: 'refused', status: 502, code: 'SLUICE_INVOKE_FAILED' },
  ])('answers $status $code on the $target target when its peer is $failure', async ({ target, failure, status, code }) => {
    // Act
    const res = await request(`${gw.url}/${target}/${failure}`);

    // Assess
    expect(res.status).toBe(status);
    expect(res.header('content-type')).toMatch(/^application\/json/);
    expect(res.json<ErrorBody>().error.code).toBe(code);
  });
});
