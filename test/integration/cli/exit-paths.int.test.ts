import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteQueue } from '../../../src/queue/sqlite/sqlite-queue.js';
import { cleanEnv, runCli, SLUICE_BIN, startSluiceProcess } from '../../helpers/cli.js';
import { deadLetterRecords } from '../../helpers/dead-letter-fixtures.js';

/** Spawned commands on a busy 2-core machine: node start-up alone can take seconds. */
const SPAWN_TIMEOUT_MS = 60_000;

/**
 * Runs `sluice ARGS…` with stdout a pipe whose reading end is already closed, as `| head -1`
 * leaves it once head has its line: every write the command makes fails with EPIPE.
 */
function runWithClosedStdout(args: readonly string[]): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  const child = spawn(process.execPath, [SLUICE_BIN, ...args], { env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), SPAWN_TIMEOUT_MS);
  return once(child, 'close').then(([code, signal]) => {
    clearTimeout(timer);
    return { code: code as number | null, signal: signal as NodeJS.Signals | null, stderr };
  });
}

describe('Command line: one spawned run per exit path', () => {
  let dir: string;
  let holder: Server;
  let takenPort: number;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-exit-'));
    const queue = new SqliteQueue({ path: join(dir, 'sluice.db') });
    await deadLetterRecords(queue, 3);
    await queue.close();
    holder = createServer().listen(0, '127.0.0.1');
    await once(holder, 'listening');
    takenPort = (holder.address() as { port: number }).port;
  });

  afterAll(async () => {
    holder.close();
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    { description: 'dlq list | head -1', args: ['dlq', 'list'] },
    { description: 'status --watch --json | head -c 300', args: ['status', '--watch', '1', '--json'] },
  ])(
    '#10 - `sluice $description` exits quietly with 0 when stdout closes',
    async ({ args }) => {
      // Act
      const result = await runWithClosedStdout([...args, '--data', dir]);

      // Assess
      expect({ code: result.code, signal: result.signal }).toEqual({ code: 0, signal: null });
      expect(result.stderr).toBe('');
    },
    SPAWN_TIMEOUT_MS + 5_000,
  );

  it(
    '#10 - a taken port is one line naming the address and --port, exit code 1',
    async () => {
      // Act
      const result = await runCli(
        ['serve', '--upstream', 'http://127.0.0.1:9', '--port', String(takenPort), '--admin', '127.0.0.1:0', '--data', dir, '--log-level', 'silent'],
        { timeoutMs: SPAWN_TIMEOUT_MS },
      );

      // Assess
      expect(result.code).toBe(1);
      expect(result.stderr.trim().split('\n')).toEqual([expect.stringContaining(`127.0.0.1:${takenPort}`)]);
      expect(result.stderr).toContain('--port');
      expect(result.stderr).not.toMatch(/\n\s+at /);
    },
    SPAWN_TIMEOUT_MS + 5_000,
  );

  it(
    '#10 - the demo names a taken port and the variable that chooses another, exit code 1',
    async () => {
      // Prepare
      const demo = fileURLToPath(new URL('../../../dist/demo/main.js', import.meta.url));
      const child = spawn(process.execPath, [demo], { env: cleanEnv({ DEMO_API_PORT: String(takenPort) }), stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), SPAWN_TIMEOUT_MS);

      // Act
      const [code] = (await once(child, 'close')) as [number | null];
      clearTimeout(timer);

      // Assess
      expect(code).toBe(1);
      expect(output.trim().split('\n')).toEqual([expect.stringContaining(`127.0.0.1:${takenPort}`)]);
      expect(output).toContain('DEMO_API_PORT=');
    },
    SPAWN_TIMEOUT_MS + 5_000,
  );

  it(
    '#10 - nothing to serve is refused with exit code 2',
    async () => {
      // Act
      const result = await runCli(['serve', '--data', dir], { timeoutMs: SPAWN_TIMEOUT_MS });

      // Assess
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('nothing to serve');
    },
    SPAWN_TIMEOUT_MS + 5_000,
  );

  it(
    '#10 - an invalid --upstream is refused naming the flag, exit code 2',
    async () => {
      // Act
      const result = await runCli(['serve', '--upstream', 'ftp://x', '--data', dir], { timeoutMs: SPAWN_TIMEOUT_MS });

      // Assess
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('--upstream: expected an absolute http:// or https:// URL');
      expect(result.stderr).not.toContain('routes[0]');
    },
    SPAWN_TIMEOUT_MS + 5_000,
  );

  it(
    '#10 - logs one startup summary: listener, routes, destination and queue',
    async () => {
      // Prepare
      const started = await startSluiceProcess(
        'serve',
        // Never the default admin port: test files run side by side.
        [
          '--admin',
          '127.0.0.1:0',
          '--upstream',
          'http://user:pw@127.0.0.1:9/api',
          '--destination',
          'http://127.0.0.1:9/in',
          '--port',
          '0',
          '--data',
          dir,
          '--log-format',
          'json',
        ],
        (stderr) => stderr.includes('"sluice started"'),
        { timeoutMs: SPAWN_TIMEOUT_MS },
      );

      // Act
      started.child.kill('SIGTERM');
      await started.exited;

      // Assess
      const summaries = started
        .stderr()
        .split('\n')
        .filter((line) => line.includes('"sluice started"'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(summaries).toHaveLength(1);
      expect(summaries[0]).toMatchObject({
        listeners: [
          { name: 'admin', address: expect.stringMatching(/^127\.0\.0\.1:\d+$/) },
          { name: 'gateway', address: expect.stringMatching(/^127\.0\.0\.1:\d+$/) },
        ],
        routes: [{ name: 'default', match: 'prefix /', target: 'http http://127.0.0.1:9/api', capture: true, auth: null }],
        destination: { url: 'http://127.0.0.1:9/in', signed: false },
        queue: { driver: 'sqlite', location: join(dir, 'sluice.db') },
      });
      expect(started.stderr()).not.toContain('pw@');
      expect(started.stderr()).toContain('"warning":"unsigned_deliveries"');
    },
    SPAWN_TIMEOUT_MS + 5_000,
  );

  it(
    '#10 - --log-format pretty writes lines for people, not JSON',
    async () => {
      // Prepare
      const started = await startSluiceProcess(
        'serve',
        // Never the default admin port: test files run side by side.
        ['--admin', '127.0.0.1:0', '--upstream', 'http://127.0.0.1:9', '--port', '0', '--data', dir, '--log-format', 'pretty'],
        (stderr) => stderr.includes('sluice started'),
        { timeoutMs: SPAWN_TIMEOUT_MS },
      );

      // Act
      started.child.kill('SIGTERM');
      await started.exited;

      // Assess
      const line = started
        .stderr()
        .split('\n')
        .find((text) => text.includes('sluice started'))!;
      expect(line).toMatch(/INFO/);
      expect(() => JSON.parse(line)).toThrow();
    },
    SPAWN_TIMEOUT_MS + 5_000,
  );
});

describe('Command line: --log-level', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-log-'));
    await writeFile(
      join(dir, 'sluice.yaml'),
      `log: { level: warn }\nqueue: { driver: sqlite, path: ${dir}/sluice.db }\nroutes: [{ name: a, target: { type: http, url: "http://127.0.0.1:9/" } }]\n`,
    );
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it(
    '#10 - overrides log.level from the file',
    async () => {
      // Prepare
      const started = await startSluiceProcess(
        'gateway',
        // Never the default admin port: test files run side by side.
        ['--admin', '127.0.0.1:0', '--config', join(dir, 'sluice.yaml'), '--port', '0', '--log-level', 'info', '--log-format', 'json'],
        (stderr) => stderr.includes('"sluice started"'),
        { timeoutMs: SPAWN_TIMEOUT_MS },
      );

      // Act
      started.child.kill('SIGTERM');
      await started.exited;

      // Assess: the file's warn would have hidden the info-level summary.
      const levels = started
        .stderr()
        .split('\n')
        .filter(Boolean)
        .map((line) => (JSON.parse(line) as { level: number }).level);
      expect(levels).toContain(30);
    },
    SPAWN_TIMEOUT_MS + 5_000,
  );
});
