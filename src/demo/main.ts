import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Server } from 'node:http';
import { listenFailure } from '../cli/listen-error.js';
import { startExampleApi } from './example-api.js';
import { startInbox } from './inbox.js';

/**
 * `npm start`: the source design's whole flow on one machine, with nothing to install. Starts
 * the example API (:3001), an inbox destination that verifies signatures (:4000), and
 * `sluice serve` (:8080, admin :9901) in front of the API; sends the source design's request
 * once, then keeps running for your own requests until Ctrl-C. A port already taken ends it with
 * one line naming the port and the variable that chooses another (exit code 1).
 */
const API_PORT = Number(process.env.DEMO_API_PORT ?? 3001);
const INBOX_PORT = Number(process.env.DEMO_INBOX_PORT ?? 4000);
const GATEWAY_PORT = Number(process.env.DEMO_GATEWAY_PORT ?? 8080);
const GATEWAY = `http://127.0.0.1:${GATEWAY_PORT}`;
/** The admin listener: the dashboard, /ping, /healthz, /metrics. */
const ADMIN_PORT = Number(process.env.DEMO_ADMIN_PORT ?? 9901);
const ADMIN = `http://127.0.0.1:${ADMIN_PORT}`;
const root = fileURLToPath(new URL('../../', import.meta.url));
const say = (line: string): void => void process.stdout.write(`${line}\n`);

const secret = `whsec_${randomBytes(24).toString('base64')}`;
const api = await listenOrExit('example API', API_PORT, 'DEMO_API_PORT', () => startExampleApi(API_PORT));
const inbox = await listenOrExit('inbox', INBOX_PORT, 'DEMO_INBOX_PORT', () => startInbox(INBOX_PORT, { secret }), [api]);
const sluice = spawn(
  process.execPath,
  ['bin/sluice.js', 'serve', '--config', 'examples/demo/sluice.yaml', '--port', String(GATEWAY_PORT), '--admin', `127.0.0.1:${ADMIN_PORT}`],
  {
    cwd: root,
    env: { ...process.env, SLUICE_SIGNING_SECRET: secret },
    stdio: ['ignore', 'inherit', 'inherit'],
  },
);

let stopping = false;
const stop = (code: number): void => {
  if (stopping) return;
  stopping = true;
  sluice.kill('SIGTERM');
  sluice.once('exit', () => {
    api.close();
    inbox.close();
    process.exit(code);
  });
};
process.once('SIGINT', () => stop(0));
process.once('SIGTERM', () => stop(0));
sluice.once('exit', (code) => {
  if (stopping) return;
  say(
    `sluice exited with code ${code}${code === 1 ? ` (is port ${GATEWAY_PORT} or ${ADMIN_PORT} taken? DEMO_GATEWAY_PORT=PORT or DEMO_ADMIN_PORT=PORT npm start chooses another)` : ''}`,
  );
  api.close();
  inbox.close();
  process.exit(code ?? 1);
});

await waitForGateway();
say(`
Sluice demo
  example API   http://127.0.0.1:${API_PORT}/users        (stand-in for jsonplaceholder)
  gateway       ${GATEWAY}/api/v1/users   (tap: capture on, embedded SQLite queue in .sluice/demo)
  inbox         http://127.0.0.1:${INBOX_PORT}/ingest     (verifies Standard Webhooks signatures)
  dashboard     ${ADMIN}/                 (live tail, search, dead letters, replay, charts)
  admin         ${ADMIN}/metrics          (also /healthz and /ping)

Sending the source design's request through the gateway:
  curl -X POST -H "Content-Type: application/json" -H "Authorization: Bearer secret-token" \\
       -d '{"name": "morpheus", "job": "leader"}' ${GATEWAY}/api/v1/users`);

const response = await fetch(`${GATEWAY}/api/v1/users`, {
  method: 'POST',
  headers: { 'Content-Type': 'application/json', Authorization: 'Bearer secret-token' },
  body: JSON.stringify({ name: 'morpheus', job: 'leader' }),
});
say(`\nresponse: ${response.status} ${await response.text()}`);
say(`\nThe record arrives at the inbox below. Try your own requests, then:
  npx sluice status --config examples/demo/sluice.yaml
Ctrl-C stops everything.`);

async function waitForGateway(): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    try {
      const ping = await fetch(`${ADMIN}/ping`);
      if ((await ping.text()) === 'pong') return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  say(
    `sluice did not start within 15 s (are ports ${GATEWAY_PORT} and ${ADMIN_PORT} free? DEMO_GATEWAY_PORT=PORT and DEMO_ADMIN_PORT=PORT npm start choose others)`,
  );
  stop(1);
}

/** Starts one of the demo's servers, or ends the demo with one line when its port is taken. */
async function listenOrExit(what: string, port: number, variable: string, start: () => Promise<Server>, started: readonly Server[] = []): Promise<Server> {
  try {
    return await start();
  } catch (error) {
    const failure = listenFailure(error, { what, host: '127.0.0.1', port, choose: `${variable}=PORT npm start` });
    process.stderr.write(`demo: ${failure instanceof Error ? failure.message : String(failure)}\n`);
    for (const server of started) server.close();
    process.exit(1);
  }
}
