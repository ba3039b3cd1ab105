import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanEnv, SLUICE_BIN, startGatewayProcess, type GatewayProcess } from '../../helpers/cli.js';
import { request } from '../../helpers/http-client.js';
import { startUpstream, type Upstream } from '../../helpers/upstream.js';
import { waitFor } from '../../helpers/wait-for.js';

interface TailLine {
  readonly id: string;
  readonly method: string;
  readonly endpoint: string;
  readonly status: number;
  readonly state: string;
  readonly attempts: number;
}

/** `sluice tail --json --since 1h` as a process of its own, its lines parsed as they come. */
function startTail(dir: string): { child: ChildProcess; lines: TailLine[] } {
  const child = spawn(process.execPath, [SLUICE_BIN, 'tail', '--json', '--since', '1h', '--data', dir], { env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: TailLine[] = [];
  let buffered = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const complete = buffered.split('\n');
    buffered = complete.pop()!;
    for (const line of complete) lines.push(JSON.parse(line) as TailLine);
  });
  return { child, lines };
}

/** A destination that holds every delivery until the test lets it answer 204. */
async function startHeldDestination(): Promise<{ url: string; held: () => number; release: () => void; close: () => Promise<void> }> {
  const waiting: ServerResponse[] = [];
  let open = false;
  const server: Server = createServer((req, res) => {
    req.resume();
    req.once('end', () => (open ? res.writeHead(204).end() : waiting.push(res)));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    held: () => waiting.length,
    release: () => {
      open = true;
      for (const res of waiting.splice(0)) res.writeHead(204).end();
    },
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/**
 * Issue 14 §2: `sluice tail` shows an exchange as it is captured, not after its first delivery
 * attempt. Real processes: `sluice serve` in front of a real upstream, `sluice tail --json`
 * reading the same data folder.
 */
describe('Command: sluice tail, as exchanges are captured', () => {
  let dir: string;
  let upstream: Upstream | undefined;
  let gateway: GatewayProcess | undefined;
  let tailing: ChildProcess | undefined;

  afterEach(async () => {
    for (const child of [tailing, gateway?.child]) child?.kill('SIGTERM');
    await gateway?.exited;
    if (tailing !== undefined && tailing.exitCode === null) await once(tailing, 'exit');
    await upstream?.close();
    await rm(dir, { recursive: true, force: true });
    gateway = undefined;
    tailing = undefined;
    upstream = undefined;
  });

  it('shows a capture as queued while no destination is configured', async () => {
    // Prepare
    dir = await mkdtemp(join(tmpdir(), 'sluice-tail-capture-'));
    upstream = await startUpstream();
    gateway = await startGatewayProcess(['--upstream', upstream.url, '--port', '0', '--data', dir], { command: 'serve' });

    // Act
    const response = await request(`${gateway.url}/orders?n=1`, { method: 'POST', body: 'x' });
    const tail = startTail(dir);
    tailing = tail.child;
    await waitFor(() => tail.lines.length > 0, 'a line from tail');

    // Assess
    expect(tail.lines[0]).toMatchObject({ method: 'POST', endpoint: '/orders', status: response.status, state: 'queued', attempts: 0 });
  });

  it('shows the capture as queued, then the same exchange delivered', async () => {
    // Prepare
    dir = await mkdtemp(join(tmpdir(), 'sluice-tail-capture-'));
    upstream = await startUpstream();
    const destination = await startHeldDestination();
    try {
      gateway = await startGatewayProcess(['--upstream', upstream.url, '--port', '0', '--data', dir, '--destination', destination.url], {
        command: 'serve',
        env: cleanEnv({ SLUICE_SIGNING_SECRET: `whsec_${Buffer.alloc(32, 7).toString('base64')}` }),
      });

      // Act: the destination holds the first delivery, so the capture's line comes first.
      await request(`${gateway.url}/users`);
      await waitFor(() => destination.held() === 1, 'the delivery held');
      const tail = startTail(dir);
      tailing = tail.child;
      await waitFor(() => tail.lines.length > 0, 'the queued line');
      const { id } = tail.lines[0]!;
      destination.release();
      await waitFor(() => tail.lines.some((line) => line.id === id && line.state === 'delivered'), 'the delivered line');

      // Assess
      expect(tail.lines.filter((line) => line.id === id).map((line) => [line.state, line.attempts])).toEqual([
        ['queued', 0],
        ['delivered', 1],
      ]);
    } finally {
      await destination.close();
    }
  });
});
