/**
 * The configurations compared side by side: how to tell whether each is installed, start one
 * fresh instance per cell (pinned to the proxy core) and stop it.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { caddyfile, nginxConfig, sluiceConfig } from './peer-configs.mjs';
import { freePort, runToEnd, startProcess, stopProcess, waitForHttp, which } from './processes.mjs';

const INSTALL_HINT = 'install it with: apt-get install -y nginx caddy wrk';

/** Every configuration, in table order. `sluice` marks those that run bin/sluice.js. */
export const CONFIGS = [
  { id: 'direct', label: 'direct upstream' },
  { id: 'sluice-off', label: 'sluice capture off', sluice: true, capture: false },
  { id: 'sluice-on', label: 'sluice capture on', sluice: true, capture: true },
  { id: 'nginx', label: 'nginx (no capture)' },
  { id: 'caddy', label: 'caddy (no capture)' },
];

/**
 * `SLUICE_BENCH_BASELINE=DIR` (a checkout with its own `dist/`, e.g. a `git worktree` of the
 * last commit) adds the same two Sluice configurations run from DIR, measured in the same run as
 * this tree's: an A/B of two builds on equal terms, which separate runs on a shared machine are not.
 */
const BASELINE_ROOT = process.env.SLUICE_BENCH_BASELINE;
if (BASELINE_ROOT) {
  CONFIGS.push(
    { id: 'base-off', label: 'baseline capture off', sluice: true, capture: false, root: BASELINE_ROOT },
    { id: 'base-on', label: 'baseline capture on', sluice: true, capture: true, root: BASELINE_ROOT },
  );
}

/**
 * Why a configuration cannot run here, or undefined when it can.
 *
 * @example
 * await unavailableReason(CONFIGS[3], { repoRoot }); // 'nginx not found on PATH; install it with: …'
 */
export async function unavailableReason(config, { repoRoot: ownRoot }) {
  if (config.id === 'nginx' || config.id === 'caddy') {
    return which(config.id) ? undefined : `${config.id} not found on PATH; ${INSTALL_HINT}`;
  }
  if (!config.sluice) return undefined;
  const repoRoot = config.root ?? ownRoot;
  if (!existsSync(join(repoRoot, 'dist/cli/main.js'))) return 'dist/ is missing: run `npm run build` (npm run bench does)';
  const { code, stdout, stderr } = await runToEnd({
    name: 'sluice gateway --help',
    command: process.execPath,
    args: [join(repoRoot, 'bin/sluice.js'), 'gateway', '--help'],
    timeoutMs: 15_000,
  });
  if (code !== 0 || !/gateway/.test(stdout)) {
    const lines = (stderr || stdout).trim().split('\n');
    return `\`sluice gateway\` is not available in this build (exit ${code}): ${lines.find((line) => /error/i.test(line)) ?? lines[0]}`;
  }
  return undefined;
}

/**
 * Version line of a peer for the results file.
 *
 * @example
 * await peerVersion('nginx'); // 'nginx version: nginx/1.22.1'
 */
export async function peerVersion(command) {
  const args = { nginx: ['-v'], caddy: ['version'], wrk: ['-v'] }[command] ?? ['--version'];
  try {
    const { stdout, stderr } = await runToEnd({ name: `${command} version`, command, args, timeoutMs: 5_000 });
    return (stdout + stderr).trim().split('\n')[0];
  } catch {
    return undefined;
  }
}

/** Bytes of the files whose name starts with `prefix` in `dir`, folders included (SQLite file, WAL, blobs). */
function bytesUnder(dir, prefix) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.name.startsWith(prefix)) continue;
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? bytesUnder(path, '') : statSync(path).size;
  }
  return total;
}

function startSluice(config, ctx, dir, port, adminPort) {
  const file = join(dir, 'sluice.yaml');
  writeFileSync(file, sluiceConfig({ dir, port, upstreamPort: ctx.upstreamPort, capture: config.capture }));
  const nodeFlags = ctx.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${ctx.cpuProfDir}`] : [];
  return startProcess({
    name: config.label,
    command: process.execPath,
    args: [...nodeFlags, join(config.root ?? ctx.repoRoot, 'bin/sluice.js'), 'gateway', '--config', file, '--admin', `127.0.0.1:${adminPort}`],
    cpu: ctx.cpu,
    cwd: dir,
    logFile: join(dir, 'sluice.log'),
  });
}

function startNginx(_config, ctx, dir, port) {
  mkdirSync(join(dir, 'logs'));
  mkdirSync(join(dir, 'nginx-tmp'));
  const file = join(dir, 'nginx.conf');
  writeFileSync(file, nginxConfig({ dir, port, upstreamPort: ctx.upstreamPort }));
  // -e: never touch the system error log, even before the config is read.
  const args = ['-e', join(dir, 'logs/nginx-error.log'), '-p', `${dir}/`, '-c', file];
  return startProcess({ name: 'nginx', command: 'nginx', args, cpu: ctx.cpu, logFile: join(dir, 'nginx.out') });
}

function startCaddy(_config, ctx, dir, port) {
  const file = join(dir, 'Caddyfile');
  writeFileSync(file, caddyfile({ dir, port, upstreamPort: ctx.upstreamPort }));
  const env = { XDG_CONFIG_HOME: dir, XDG_DATA_HOME: dir, HOME: dir };
  const args = ['run', '--config', file, '--adapter', 'caddyfile'];
  return startProcess({ name: 'caddy', command: 'caddy', args, cpu: ctx.cpu, env, logFile: join(dir, 'caddy.log') });
}

/**
 * Starts a fresh instance of `config` in its own temp dir under `ctx.runDir` and waits until it
 * proxies. `stop()` ends the process by PID, records `dataBytes` (SQLite files) and deletes the dir.
 *
 * @example
 * const instance = await startConfig(CONFIGS[2], { runDir, repoRoot, upstreamPort, cpu: 0 });
 * try { … instance.url, instance.proc.pid … } finally { await instance.stop(); }
 */
export async function startConfig(config, ctx) {
  if (config.id === 'direct') {
    return { url: `http://127.0.0.1:${ctx.upstreamPort}`, proc: undefined, stop: async () => {} };
  }
  const dir = mkdtempSync(join(ctx.runDir, `${config.id}-`));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const instance = { url, proc: undefined, dataBytes: undefined };
  instance.stop = async () => {
    if (instance.proc) await stopProcess(instance.proc, 10_000);
    if (config.sluice) instance.dataBytes = bytesUnder(dir, 'sluice.db');
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const start = config.sluice ? startSluice : config.id === 'nginx' ? startNginx : startCaddy;
    // /ping is on Sluice's admin listener, off the proxied port.
    const adminPort = config.sluice ? await freePort() : undefined;
    instance.proc = start(config, ctx, dir, port, adminPort);
    if (config.sluice) {
      await waitForHttp(`http://127.0.0.1:${adminPort}/ping`, { accept: (status, body) => status === 200 && body.trim() === 'pong', proc: instance.proc });
    }
    await waitForHttp(`${url}/users`, { accept: (status) => status === 200, proc: instance.proc });
    return instance;
  } catch (error) {
    await instance.stop();
    throw error;
  }
}
