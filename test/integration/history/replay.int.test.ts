import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withHistory } from '../../../src/cli/history.js';
import { runReplay, type ReplayCommandOptions, type ReplayControl } from '../../../src/cli/replay.js';
import type { Forwarder } from '../../../src/forwarder/forwarder.js';
import { createForwarder } from '../../../src/forwarder/from-config.js';
import type { HistorySummary } from '../../../src/history/types.js';
import { captureIo } from '../../helpers/capture-io.js';
import { PtySession } from '../../helpers/pty-session.js';
import { cleanEnv, runCli, SLUICE_BIN } from '../../helpers/cli.js';
import { startGateway, tapConfig, type TestGateway } from '../../helpers/gateway.js';
import { request } from '../../helpers/http-client.js';
import { startUpstream, type ReceivedRequest, type Upstream } from '../../helpers/upstream.js';
import { waitFor } from '../../helpers/wait-for.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../helpers/webhook-receiver.js';

const SNAKE_CASE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;

interface ReplayJson {
  to: string;
  total: number;
  sent: number;
  failed: number;
  status_changed: number;
  body_changed: number;
  redacted: number;
  dry_run: boolean;
  interrupted: boolean;
  results: Record<string, unknown>[];
}

/** A port nothing listens on: one the system gave out and took back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Answers once the request body has arrived, as recorded the first time and differently when replayed. */
function answer(first: [number, string, string], replayed: [number, string, string]) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const [status, type, body] = req.headers['sluice-replay'] === undefined ? first : replayed;
    req.on('end', () => res.writeHead(status, { 'content-type': type }).end(body));
  };
}

describe('Command: sluice replay (gateway, forwarder, history, a real target)', () => {
  let dir: string;
  let upstream: Upstream;
  let receiver: WebhookReceiver;
  let gw: TestGateway;
  let forwarder: Forwarder;
  /** Called when the upstream receives a replayed request (tests that interrupt set it). */
  let onReplayed: ((received: ReceivedRequest) => void) | undefined;
  /** The history entries, oldest first: users, orders, ping. */
  let entries: HistorySummary[];

  function replayed(): ReceivedRequest[] {
    return upstream.requests.filter((received) => header(received, 'sluice-replay') !== undefined);
  }

  async function replay(options: ReplayCommandOptions, io = captureIo(), control: ReplayControl = {}) {
    const code = await runReplay(gw.config, { to: upstream.url, rate: '1000/s', ...options }, io.io, control);
    return { code, stdout: io.stdout(), stderr: io.stderr() };
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-replay-int-'));
    const users = answer(
      [201, 'application/json', '{"name":"morpheus","job":"leader","id":"573"}'],
      [201, 'application/json', '{"job":"leader","name":"morpheus","id":"574"}'],
    );
    const orders = answer([200, 'text/plain', 'order 4711 shipped'], [503, 'text/plain', 'orders are down']);
    const ping = answer([200, 'text/plain', 'pong'], [200, 'text/plain', 'pong']);
    upstream = await startUpstream({
      routes: {
        '/api/users': (req, res, received) => {
          if (req.headers['sluice-replay'] !== undefined) onReplayed?.(received);
          users(req, res);
        },
        '/api/orders': (req, res, received) => {
          if (req.headers['sluice-replay'] !== undefined) onReplayed?.(received);
          orders(req, res);
        },
        '/api/ping': (req, res, received) => {
          if (req.headers['sluice-replay'] !== undefined) onReplayed?.(received);
          ping(req, res);
        },
      },
    });
    receiver = await startWebhookReceiver();
    gw = await startGateway(tapConfig(upstream.url, { destination: { url: receiver.url }, capture: { redact_headers: ['x-session'] } }), { dir });
    forwarder = createForwarder(gw.config, { queue: gw.queue! });
    forwarder.start();

    await request(`${gw.url}/api/users`, {
      method: 'POST',
      headers: ['Content-Type', 'application/json', 'X-Session', 'session-secret-9f3a1c77', 'X-Trace', 'abc'],
      body: '{"name":"morpheus"}',
    });
    await request(`${gw.url}/api/orders?id=4711`);
    await request(`${gw.url}/api/ping`);
    const listed = (): HistorySummary[] => {
      try {
        return withHistory(gw.config, (store) => [...store.list({}).entries]);
      } catch {
        return []; // the forwarder has not written the history file yet
      }
    };
    await waitFor(() => listed().length === 3, 'three entries in the history');
    entries = listed().reverse();
  });

  afterAll(async () => {
    await forwarder?.stop();
    await gw?.stop();
    await receiver?.close();
    await upstream?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('sends every match again in capture order, with Sluice-Replay, the recorded request and redacted values as redacted', async () => {
    // Prepare
    const before = replayed().length;

    // Act
    const { code, stdout, stderr } = await replay({ yes: true });

    // Assess
    const sent = replayed().slice(before);
    expect(code).toBe(0);
    expect(sent.map((received) => `${received.method} ${received.url}`)).toEqual(['POST /api/users', 'GET /api/orders?id=4711', 'GET /api/ping']);
    expect(sent.map((received) => header(received, 'sluice-replay'))).toEqual(entries.map((entry) => entry.id));
    expect(sent[0]!.body.toString()).toBe('{"name":"morpheus"}');
    expect(header(sent[0]!, 'content-type')).toBe('application/json');
    expect(header(sent[0]!, 'x-trace')).toBe('abc');
    expect(header(sent[0]!, 'x-session')).toBe('[REDACTED]');
    expect(stderr).toContain(`3 exchanges match; replaying to ${upstream.url}/ at 1000/s`);
    expect(stdout).toContain(
      ['matched         3', 'sent            3', 'failed          0', 'status changed  1', 'body changed    2', '1 sent with redacted values'].join('\n'),
    );
  });

  it('--json prints the summary as one snake_case object, each request with its outcome', async () => {
    // Act
    const { code, stdout, stderr } = await replay({ yes: true, json: true, method: 'GET' });

    // Assess
    const summary = JSON.parse(stdout) as ReplayJson;
    expect(code).toBe(0);
    expect(summary).toMatchObject({
      to: `${upstream.url}/`,
      total: 2,
      sent: 2,
      failed: 0,
      status_changed: 1,
      body_changed: 1,
      redacted: 0,
      dry_run: false,
      interrupted: false,
    });
    expect(summary.results).toEqual([
      expect.objectContaining({
        id: entries[1]!.id,
        method: 'GET',
        path: '/api/orders?id=4711',
        recorded_status: 200,
        status: 503,
        status_changed: true,
        body_changed: true,
      }),
      expect.objectContaining({
        id: entries[2]!.id,
        method: 'GET',
        path: '/api/ping',
        recorded_status: 200,
        status: 200,
        status_changed: false,
        body_changed: false,
      }),
    ]);
    const keys = [...Object.keys(summary), ...summary.results.flatMap((result) => Object.keys(result))];
    expect(keys.filter((key) => !SNAKE_CASE.test(key))).toEqual([]);
    expect(stderr).not.toContain('replayed');
  });

  it('--diff shows the status change and a compact body diff of each changed exchange', async () => {
    // Act
    const { stdout } = await replay({ yes: true, diff: true });

    // Assess
    expect(stdout).toContain(`POST /api/users (${entries[0]!.id})\n  -   "id": "573",\n  +   "id": "574",\n`);
    expect(stdout).toContain(`GET /api/orders?id=4711 (${entries[1]!.id})\n  status 200 → 503\n  - order 4711 shipped\n  + orders are down\n`);
    expect(stdout).not.toContain('/api/ping (');
  });

  it('--dry-run sends nothing, asks nothing, and lists what it would send', async () => {
    // Prepare
    const before = upstream.requests.length;

    // Act
    const { code, stdout, stderr } = await replay({ dryRun: true, path: '/api/o' }, captureIo({ interactive: false }));

    // Assess
    expect(code).toBe(0);
    expect(upstream.requests.length).toBe(before);
    expect(stderr).toContain(`1 exchange matches; a replay would send it to ${upstream.url}/`);
    expect(stdout).toContain(`Dry run: nothing sent. 1 request would be sent:\n  GET /api/orders?id=4711 (${entries[1]!.id})`);
  });

  it('refuses without a terminal and without --yes, sending nothing', async () => {
    // Prepare
    const before = upstream.requests.length;

    // Act & Assess
    await expect(replay({}, captureIo({ interactive: false }))).rejects.toMatchObject({ name: 'UsageError', code: 'SLUICE_USAGE' });
    expect(upstream.requests.length).toBe(before);
  });

  it('asks on a terminal: "n" sends nothing, "y" sends', async () => {
    // Prepare
    const before = replayed().length;

    // Act
    const declined = await replay({ route: 'tap', status: '2xx' }, captureIo({ input: 'n\n' }));
    const afterDecline = replayed().length;
    const accepted = await replay({ id: [entries[2]!.id] }, captureIo({ input: 'y\n' }));

    // Assess
    expect(declined.code).toBe(1);
    expect(declined.stderr).toContain(`3 exchanges match; replaying to ${upstream.url}/`);
    expect(declined.stderr).toContain('Send them? [y/N] Cancelled: nothing sent.');
    expect(afterDecline).toBe(before);
    expect(accepted.code).toBe(0);
    expect(
      replayed()
        .slice(before)
        .map((received) => received.url),
    ).toEqual(['/api/ping']);
  });

  it('draws a bar on a terminal, a plain line in a pipe, and nothing next to --json', async () => {
    // Act
    const tty = await replay({ yes: true, method: 'GET' }, captureIo({ tty: true }));
    const pipe = await replay({ yes: true, method: 'GET' }, captureIo({ tty: false }));
    const json = await replay({ yes: true, method: 'GET', json: true }, captureIo({ tty: true }));

    // Assess
    // eslint-disable-next-line no-control-regex -- the bar's rewrite is its escape sequences
    expect(tty.stderr).toMatch(/\rreplayed \[#+-+\] 1\/2 [^\n]*\x1b\[K\rreplayed \[#+\] 2\/2 [^\n]*took \S+\x1b\[K\n/);
    expect(pipe.stderr).toMatch(/\nreplayed 2 \/ 2 \(100%\) .*took \S+\n$/);
    // eslint-disable-next-line no-control-regex -- none of a terminal's escape sequences in a pipe
    expect(pipe.stderr).not.toMatch(/[\r\x1b]/);
    expect(json.stderr).not.toContain('replayed');
  });

  it('counts a target that does not answer as failed, and exits 1', async () => {
    // Prepare
    const port = await closedPort();

    // Act
    const { code, stdout } = await replay({ to: `http://127.0.0.1:${port}`, yes: true, json: true });

    // Assess
    const summary = JSON.parse(stdout) as ReplayJson;
    expect(code).toBe(1);
    expect(summary).toMatchObject({ total: 3, sent: 0, failed: 3 });
    expect(summary.results.map((result) => result.error)).toEqual([expect.any(String), expect.any(String), expect.any(String)]);
  });

  it('stops after the request under way when interrupted, and summarises what was sent', async () => {
    // Prepare
    const controller = new AbortController();
    let seen = 0;
    onReplayed = () => {
      seen += 1;
      if (seen === 2) controller.abort(); // while the second request is under way
    };

    // Act
    const { code, stdout } = await replay({ yes: true, json: true }, captureIo(), { signal: controller.signal }).finally(() => (onReplayed = undefined));

    // Assess
    const summary = JSON.parse(stdout) as ReplayJson;
    expect(code).toBe(1);
    expect(summary).toMatchObject({ total: 3, sent: 2, failed: 0, interrupted: true });
    expect(summary.results.map((result) => result.status)).toEqual([201, 503]);
  });

  it.each<{ description: string; options: ReplayCommandOptions }>([
    { description: 'a target that is not http', options: { to: 'ftp://127.0.0.1/' } },
    { description: 'credentials in the target', options: { to: 'http://ops:secret@127.0.0.1/' } },
    { description: 'a bad rate', options: { rate: 'fast' } },
    { description: 'a bad limit', options: { limit: '0' } },
    { description: 'an unknown id', options: { id: ['no-such-entry'] } },
    { description: '--id with filters', options: { id: ['x'], route: 'tap' } },
  ])('refuses $description as bad usage, sending nothing', async ({ options }) => {
    // Prepare
    const before = upstream.requests.length;

    // Act & Assess
    await expect(replay({ yes: true, ...options })).rejects.toMatchObject({ name: 'UsageError', code: 'SLUICE_USAGE' });
    expect(upstream.requests.length).toBe(before);
  });

  it('exits 2 from the command line without a terminal and without --yes, or with a bad --to', async () => {
    // Act
    const unconfirmed = await runCli(['replay', '--to', upstream.url, '--data', dir]);
    const badTarget = await runCli(['replay', '--to', 'file:///etc/passwd', '--data', dir, '--yes']);

    // Assess
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toContain(`refusing to replay 3 exchanges to ${upstream.url}/ without confirmation`);
    expect(badTarget.code).toBe(2);
    expect(badTarget.stderr).toContain('--to: expected an http or https URL, got file:');
  });

  it('Ctrl-C stops the command line after the request under way and prints the summary of what was sent', async () => {
    // Prepare: a pace so slow that the second request is due long after the first.
    const firstReplayed = new Promise<void>((resolve) => (onReplayed = () => resolve()));
    const child = spawn(process.execPath, [SLUICE_BIN, 'replay', '--to', upstream.url, '--data', dir, '--yes', '--rate', '0.00001x'], {
      env: cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.resume();
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

    // Act
    let code: number | null;
    try {
      await firstReplayed.finally(() => (onReplayed = undefined));
      child.kill('SIGINT');
      code = await exited;
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }

    // Assess
    expect(code).toBe(1);
    expect(stdout).toMatch(/^Stopped after [12] of 3 \(interrupted\)\.\nmatched +3\n/);
    expect(stdout).toMatch(/\nfailed +0\n/);
  });

  it.each([
    { answer: 'n\r', what: 'no', code: 1, shown: 'Cancelled: nothing sent.' },
    { answer: '\x03', what: 'Ctrl-C', code: 130, shown: '' },
  ])('on a terminal, $what at the question sends nothing and exits $code', async ({ answer: keys, code, shown }) => {
    // Prepare
    const before = replayed().length;
    const session = PtySession.start([process.execPath, SLUICE_BIN, 'replay', '--to', upstream.url, '--data', dir], { cwd: dir, env: cleanEnv() });
    try {
      await session.waitFor('Send them? [y/N]');

      // Act
      session.type(keys);

      // Assess
      expect(await session.exit).toBe(code);
      expect(session.text()).toContain(shown);
    } finally {
      session.close();
    }
    expect(replayed()).toHaveLength(before);
  });

  it('on a terminal, draws the bar in place once the answer is yes', async () => {
    // Prepare
    const session = PtySession.start([process.execPath, SLUICE_BIN, 'replay', '--to', upstream.url, '--data', dir, '--method', 'GET', '--rate', '1000/s'], {
      cwd: dir,
      env: cleanEnv(),
    });
    try {
      await session.waitFor('Send them? [y/N]');

      // Act
      session.type('y\r');

      // Assess
      expect(await session.exit).toBe(0);
      // 160 columns: the bar takes its widest, 40 characters.
      expect(session.text()).toMatch(/\rreplayed \[#{40}\] 2\/2 {2}[\d.]+\/s {2}took \S+\r?\n/);
    } finally {
      session.close();
    }
  });

  it('limits to the newest N matches, still sent oldest first', async () => {
    // Prepare
    const before = replayed().length;

    // Act
    const { code } = await replay({ yes: true, limit: '2' });

    // Assess
    expect(code).toBe(0);
    expect(
      replayed()
        .slice(before)
        .map((received) => received.url),
    ).toEqual(['/api/orders?id=4711', '/api/ping']);
  });
});

function header(received: ReceivedRequest, name: string): string | undefined {
  for (let index = 0; index < received.rawHeaders.length; index += 2) {
    if (received.rawHeaders[index]!.toLowerCase() === name) return received.rawHeaders[index + 1];
  }
  return undefined;
}
