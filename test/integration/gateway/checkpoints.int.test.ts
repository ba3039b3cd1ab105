import { statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGatewayProcess, type GatewayProcess } from '../../helpers/cli.js';
import { gatewayAgent, request } from '../../helpers/http-client.js';
import { startUpstream, type Upstream } from '../../helpers/upstream.js';
import { waitFor } from '../../helpers/wait-for.js';

const EXCHANGES = 150;
const BODY = JSON.stringify({ padding: 'x'.repeat(900) });

describe('Gateway process: write-ahead log checkpoints', () => {
  let upstream: Upstream;
  let dir: string;
  let proc: GatewayProcess;

  beforeAll(async () => {
    upstream = await startUpstream();
    dir = await mkdtemp(join(tmpdir(), 'sluice-checkpoints-'));
    proc = await startGatewayProcess(['--upstream', upstream.url, '--port', '0', '--data', dir]);
  });

  afterAll(async () => {
    proc?.child.kill('SIGKILL');
    await upstream?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('copies captures into the database file while the gateway runs, off the requests (a worker thread)', async () => {
    // Prepare: small groups of captures make about 1 MB of log, below even SQLite's default of
    // 1,000 pages (4 MB) after which a commit checkpoints by itself.
    const database = join(dir, 'sluice.db');
    const before = statSync(database).size;
    const agent = gatewayAgent(8);
    let next = 0;
    const client = async () => {
      while (next < EXCHANGES) {
        next += 1;
        await request(`${proc.url}/echo/checkpoint`, { agent, method: 'POST', headers: ['Content-Type', 'application/json'], body: BODY });
      }
    };

    // Act
    await Promise.all(Array.from({ length: 8 }, client));
    agent.destroy();

    // Assess
    await waitFor(() => statSync(database).size > before + 200_000, 'captures checkpointed into the database file');
    expect(statSync(database).size).toBeGreaterThan(before + 200_000);
  });
});
