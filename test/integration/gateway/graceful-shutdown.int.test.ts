import { mkdtemp, rm } from 'node:fs/promises';
import { Agent } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/core/config-parse.js';
import { openQueue } from '../../../src/queue/index.js';
import { startGatewayProcess, type GatewayProcess } from '../../helpers/cli.js';
import { takeRecords } from '../../helpers/gateway.js';
import { request } from '../../helpers/http-client.js';
import { startUpstream, type Upstream } from '../../helpers/upstream.js';

/**
 * Opens new TCP connections to the gateway until one is refused. Bare connections, not
 * requests: every path on the proxied port goes to the route and would be captured.
 */
async function firstRefusal(port: number, timeoutMs: number): Promise<NodeJS.ErrnoException> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const error = await new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(undefined);
      });
      socket.once('error', resolve);
    });
    if (error !== undefined) return error;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`the gateway still accepted connections after ${timeoutMs} ms`);
}

describe('Gateway process on SIGTERM', () => {
  let upstream: Upstream;
  let dir: string;
  let proc: GatewayProcess;

  beforeAll(async () => {
    upstream = await startUpstream();
    dir = await mkdtemp(join(tmpdir(), 'sluice-sigterm-'));
    proc = await startGatewayProcess(['--upstream', upstream.url, '--port', '0', '--data', dir]);
  });

  afterAll(async () => {
    proc?.child.kill('SIGKILL');
    await upstream?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('stops accepting, finishes the exchange in flight with its capture, closes the queue and exits 0', async () => {
    // Prepare: an idle keep-alive connection, and a slow exchange in flight.
    const agent = new Agent({ keepAlive: true });
    await request(`${proc.url}/echo/warm`, { agent });
    const next = upstream.nextRequest();
    const inFlight = request(`${proc.url}/slow/700`, { method: 'POST', headers: ['Content-Type', 'text/plain'], body: 'in flight' }).catch(
      (error: Error) => error,
    );
    await next;

    // Act
    proc.child.kill('SIGTERM');

    // Assess: new connections are refused while the slow exchange is still running…
    // (A connection accepted in the instant before the listener closed is reset instead.)
    const refused = await firstRefusal(proc.port, 3_000);
    expect(['ECONNREFUSED', 'ECONNRESET']).toContain(refused.code);
    // …the exchange in flight completes…
    const res = await inFlight;
    expect(res).toMatchObject({ status: 200 });
    expect(!(res instanceof Error) && res.body.toString()).toBe('slow');
    // …and the process exits cleanly.
    expect(await proc.exited).toEqual({ code: 0, signal: null });
    expect(proc.stderr()).toContain('"msg":"stopped"');
    agent.destroy();

    // The queue was closed cleanly and holds both captures.
    const queue = openQueue(validateConfig({ queue: { driver: 'sqlite', path: join(dir, 'sluice.db') } }, { file: 'test' }).queue);
    const records = await takeRecords(queue);
    await queue.close();
    expect(records.map((record) => [record.endpoint, record.status, record.body])).toEqual([
      ['/echo/warm', 200, null],
      ['/slow/700', 200, 'in flight'],
    ]);
  });
});
