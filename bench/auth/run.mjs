/**
 * Auth flood benchmark: how much a flood of wrong passwords on one route slows every other
 * route of the same gateway (see bench/README.md). `node bench/auth/run.mjs --help` for options.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import bcrypt from 'bcryptjs';
import { Agent, request } from 'undici';
import { freePort, killAllNow, logTail, startProcess, stopAll, waitForHttp } from '../gateway/processes.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../..');
const log = (text) => process.stderr.write(`${text}\n`);

const HELP = `Usage: node bench/auth/run.mjs [options]   (or: npm run bench -- auth [options])

One \`sluice gateway\` with two routes: /plain (an HTTP upstream) and /secret (basic auth, one
bcrypt user). While N clients send wrong passwords (a new one each time) to /secret as fast as they are answered, one
client measures /plain's latency, request after request. Phases: no flood, then each flood size.

Options:
  --clients LIST        flood sizes (default 5,20)
  --duration SECONDS    each phase (default 5)
  --cost N              bcrypt cost of the user's hash (default 10)
  --max-failures N|off  the route's max_failures (default 1000000, so that the flood, all from
                        127.0.0.1, keeps reaching the hash; "off" leaves the key out, for builds
                        that do not know it)
  --sluice DIR          the checkout whose bin/sluice.js runs (default this one, built)
  -h, --help            this text
`;

function parseOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      clients: { type: 'string', default: '5,20' },
      duration: { type: 'string', default: '5' },
      cost: { type: 'string', default: '10' },
      'max-failures': { type: 'string', default: '1000000' },
      sluice: { type: 'string', default: repoRoot },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const whole = (name, text, min) => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < min) throw new Error(`--${name}: expected a whole number >= ${min}, got ${text}`);
    return value;
  };
  const maxFailures = values['max-failures'];
  return {
    help: values.help,
    clients: values.clients.split(',').map((text) => whole('clients', text, 1)),
    durationMs: whole('duration', values.duration, 1) * 1_000,
    cost: whole('cost', values.cost, 4),
    maxFailures: maxFailures === 'off' ? undefined : whole('max-failures', maxFailures, 1),
    sluice: resolve(values.sluice),
  };
}

function startUpstream() {
  const body = Buffer.from('{"ok":true}');
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
    res.end(body);
  });
  return new Promise((resolveServer) => server.listen(0, '127.0.0.1', () => resolveServer(server)));
}

const quantile = (sorted, q) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]);

/** Sequential GETs of /plain until `until()`; their latencies in ms, sorted. */
async function probe(agent, url, until) {
  const latencies = [];
  const failed = [];
  while (!until()) {
    const started = performance.now();
    try {
      const { statusCode, body } = await request(`${url}/plain`, { dispatcher: agent, headersTimeout: 60_000, bodyTimeout: 60_000 });
      await body.dump();
      if (statusCode === 200) latencies.push(performance.now() - started);
      else failed.push(String(statusCode));
    } catch (error) {
      failed.push(error.code ?? error.message);
    }
  }
  return { latencies: latencies.sort((a, b) => a - b), failed };
}

/** `clients` loops of wrong-password requests to /secret until `until()`; counts by status. */
async function flood(agent, url, clients, until) {
  const statuses = new Map();
  let attempt = 0;
  const loop = async () => {
    while (!until()) {
      // A new password each time, as a guessing attacker sends: no verdict cache can answer it.
      const authorization = `Basic ${Buffer.from(`ops:guess-${(attempt += 1)}`).toString('base64')}`;
      let key;
      try {
        const { statusCode, body } = await request(`${url}/secret`, {
          dispatcher: agent,
          headers: { authorization },
          headersTimeout: 60_000,
          bodyTimeout: 60_000,
        });
        await body.dump();
        key = String(statusCode);
      } catch (error) {
        key = error.code ?? 'error';
      }
      statuses.set(key, (statuses.get(key) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: clients }, loop));
  return Object.fromEntries([...statuses].sort());
}

async function phase(url, clients, durationMs) {
  const probeAgent = new Agent({ connections: 1 });
  const floodAgent = new Agent({ connections: Math.max(1, clients) });
  const deadline = Date.now() + durationMs;
  const until = () => Date.now() >= deadline;
  try {
    const [probed, statuses] = await Promise.all([probe(probeAgent, url, until), clients > 0 ? flood(floodAgent, url, clients, until) : {}]);
    const { latencies, failed } = probed;
    return {
      clients,
      plain_requests: latencies.length,
      plain_failed: failed.length === 0 ? '0' : failed.join(' '),
      plain_median_ms: quantile(latencies, 0.5),
      plain_p99_ms: quantile(latencies, 0.99),
      plain_max_ms: latencies.at(-1) ?? NaN,
      flood_statuses: statuses,
    };
  } finally {
    await Promise.all([probeAgent.close(), floodAgent.close()]);
  }
}

async function main() {
  const options = parseOptions(process.argv.slice(2));
  if (options.help) {
    process.stdout.write(HELP);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'sluice-bench-auth-'));
  const upstream = await startUpstream();
  try {
    const port = await freePort();
    const hash = `$2y$${bcrypt.hashSync('right-password', options.cost).slice(4)}`;
    const auth = { type: 'basic', users: { ops: hash }, ...(options.maxFailures !== undefined && { max_failures: options.maxFailures }) };
    const config = {
      listen: { host: '127.0.0.1', port },
      queue: { driver: 'sqlite', path: join(dir, 'sluice.db') },
      log: { level: 'error' },
      routes: [
        { name: 'plain', match: { path: '/plain' }, target: { type: 'http', url: `http://127.0.0.1:${upstream.address().port}/` } },
        { name: 'secret', match: { path: '/secret' }, target: { type: 'http', url: `http://127.0.0.1:${upstream.address().port}/` }, auth },
      ],
    };
    const configFile = join(dir, 'sluice.json.yaml');
    // JSON is YAML: no quoting to get wrong for the hash's "$".
    writeFileSync(configFile, JSON.stringify(config));
    const gateway = startProcess({
      name: 'sluice',
      command: process.execPath,
      args: [join(options.sluice, 'bin/sluice.js'), 'gateway', '--config', configFile],
      logFile: join(dir, 'sluice.log'),
    });
    const url = `http://127.0.0.1:${port}`;
    await waitForHttp(`${url}/plain`, { accept: (status) => status === 200, proc: gateway });
    log(`sluice ${options.sluice}, bcrypt cost ${options.cost}, max_failures ${options.maxFailures ?? '(not set)'}`);
    const rows = [];
    for (const clients of [0, ...options.clients]) {
      log(`phase: ${clients} flood clients, ${options.durationMs / 1_000} s`);
      rows.push(await phase(url, clients, options.durationMs));
      if (gateway.exited) throw new Error(`sluice exited\n${logTail(gateway)}`);
    }
    const fmt = (value) => (Number.isFinite(value) ? value.toFixed(1) : '-');
    process.stdout.write(
      '| flood clients | /plain requests | failed | median ms | p99 ms | max ms | flood answers |\n| --- | --- | --- | --- | --- | --- | --- |\n',
    );
    for (const row of rows) {
      const answers =
        Object.entries(row.flood_statuses)
          .map(([status, count]) => `${status}: ${count}`)
          .join(', ') || '-';
      process.stdout.write(
        `| ${row.clients} | ${row.plain_requests} | ${row.plain_failed} | ${fmt(row.plain_median_ms)} | ${fmt(row.plain_p99_ms)} | ${fmt(row.plain_max_ms)} | ${answers} |\n`,
      );
    }
  } finally {
    await stopAll();
    await new Promise((resolveClose) => upstream.close(resolveClose));
    rmSync(dir, { recursive: true, force: true });
  }
}

process.on('exit', killAllNow);
for (const name of ['SIGINT', 'SIGTERM']) {
  process.once(name, () => {
    void stopAll().finally(() => process.exit(130));
  });
}
await main();
