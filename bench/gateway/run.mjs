/**
 * Gateway benchmark: every configuration side by side in one run (see bench/README.md).
 * `node bench/gateway/run.mjs --help` for options.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { HELP, estimateSeconds, parseOptions } from './options.mjs';
import { CONFIGS, peerVersion, startConfig, unavailableReason } from './peers.mjs';
import { coreBusySeconds, cpuSeconds, peakRssBytes, settle } from './proc-stats.mjs';
import { freePort, killAllNow, startProcess, stopAll, waitForHttp, which } from './processes.mjs';
import { formatProfileSummary, summarizeProfile } from './profile-summary.mjs';
import { formatReport, ratios, summarize, targets } from './report.mjs';
import { checkWorkload, wrkScript } from './workloads.mjs';
import { runWrk } from './wrk.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../..');
const log = (text) => process.stderr.write(`${text}\n`);
/** A cell where other processes took more of the proxy core than this (%) is measured again. */
const NOISY_PCT = 10;

/** Core 0 for upstream and proxy, core 1 for wrk; no pinning on one core or without taskset. */
function cores() {
  if (availableParallelism() >= 2 && which('taskset')) return { proxyCpu: 0, loadCpu: 1 };
  log('warning: fewer than 2 cores or no taskset: processes are not pinned, ratios are less stable');
  return { proxyCpu: undefined, loadCpu: undefined };
}

async function startUpstream(runDir, cpu) {
  const port = await freePort();
  const proc = startProcess({
    name: 'upstream',
    command: process.execPath,
    args: [join(here, 'upstream.mjs'), '--port', String(port)],
    cpu,
    logFile: join(runDir, 'upstream.log'),
  });
  await waitForHttp(`http://127.0.0.1:${port}/users`, { accept: (status) => status === 200, proc });
  return { port, proc };
}

function ownAndCoreCpu(ctx, pid) {
  return { proxy: pid ? cpuSeconds(pid) : 0, upstream: cpuSeconds(ctx.upstreamPid), core: ctx.cpu === undefined ? 0 : coreBusySeconds(ctx.cpu) };
}

/** One cell: fresh proxy, check, warm-up, measured run, 1-connection run, stop. */
async function measureCell({ config, workload, run, ctx, options }) {
  await settle(ctx.cpu);
  const instance = await startConfig(config, ctx);
  const pid = instance.proc?.pid;
  const cell = { config: config.id, workload: workload.id, run, pid };
  try {
    await checkWorkload(instance.url, workload);
    const load = { url: `${instance.url}${workload.path}`, threads: options.threads, cpu: ctx.loadCpu, script: ctx.scripts[workload.id] };
    if (options.warmup > 0) await runWrk({ ...load, connections: options.connections, seconds: options.warmup });
    const before = ownAndCoreCpu(ctx, pid);
    cell.main = await runWrk({ ...load, connections: options.connections, seconds: options.duration });
    const after = ownAndCoreCpu(ctx, pid);
    const perRequest = (key) => ((after[key] - before[key]) * 1e6) / cell.main.requests;
    cell.cpuUsPerRequest = pid ? perRequest('proxy') : null;
    cell.upstreamCpuUsPerRequest = perRequest('upstream');
    // CPU taken on the proxy core by anything but the upstream and the proxy: other work on the
    // machine skews this cell when it is more than a few percent.
    const foreign = after.core - before.core - (after.proxy - before.proxy) - (after.upstream - before.upstream);
    cell.otherLoadOnProxyCorePct = ctx.cpu === undefined ? null : Math.max(0, (foreign / cell.main.seconds) * 100);
    if (options.latency > 0) cell.oneConnection = await runWrk({ ...load, connections: 1, seconds: options.latency });
    cell.peakRssBytes = pid ? peakRssBytes(pid) : null;
  } finally {
    await instance.stop();
    cell.dataBytes = instance.dataBytes ?? null;
  }
  return cell;
}

function progress(index, total, cell, config, workload, note = `run ${cell.run}`) {
  const m = cell.main;
  const parts = [`${Math.round(m.rps).toLocaleString('en-US')} req/s`, `p99 ${m.p99.toFixed(2)} ms`];
  if (cell.cpuUsPerRequest !== null) parts.push(`${cell.cpuUsPerRequest.toFixed(1)} CPU µs/req`);
  if (cell.peakRssBytes !== null) parts.push(`${Math.round(cell.peakRssBytes / 2 ** 20)} MB`);
  if (m.errors > 0) parts.push(`${m.errors} errors`);
  if (cell.otherLoadOnProxyCorePct > 5) parts.push(`warning: other processes took ${cell.otherLoadOnProxyCorePct.toFixed(0)}% of the proxy core`);
  log(`[${String(index).padStart(String(total).length)}/${total}] ${note.padEnd(5)} ${workload.id.padEnd(10)} ${config.label.padEnd(19)} ${parts.join(', ')}`);
}

async function machineInfo() {
  const safe = (fn) => {
    try {
      return fn();
    } catch {
      return undefined;
    }
  };
  return {
    node: process.version,
    cpu: cpus()[0]?.model,
    cores: availableParallelism(),
    loadAverageAtStart: loadavg(),
    kernel: safe(() => readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim()),
    commit: safe(() => execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()),
    wrk: await peerVersion('wrk'),
    nginx: which('nginx') ? await peerVersion('nginx') : undefined,
    caddy: which('caddy') ? await peerVersion('caddy') : undefined,
  };
}

function printProfiles(profileDir, cells, discarded) {
  for (const file of readdirSync(profileDir).filter((name) => name.endsWith('.cpuprofile'))) {
    // Node names profiles CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile.
    const pid = Number(file.split('.')[3]);
    const cell = [...cells, ...discarded].find((c) => c.pid === pid);
    const title = cell ? `${cell.config} ${cell.workload} run ${cell.run}${discarded.includes(cell) ? ' (noisy, discarded)' : ''}` : file;
    const summary = summarizeProfile(JSON.parse(readFileSync(join(profileDir, file), 'utf8')), 15);
    process.stdout.write(`\nCPU profile: ${title} (${relative(process.cwd(), join(profileDir, file))})\n${formatProfileSummary(summary)}`);
  }
}

/**
 * Runs the gateway bench and resolves with an exit code (1 if wrk is missing, or with --strict
 * when a target fails).
 *
 * @example
 * process.exitCode = await main(process.argv.slice(2));
 */
export async function main(argv) {
  let options;
  try {
    options = parseOptions(argv);
  } catch (error) {
    log(`${error.message}\n\n${HELP}`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (!which('wrk')) {
    log('gateway bench: wrk is required and was not found on PATH; install it with: apt-get install -y wrk');
    return 1;
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const resultsDir = join(repoRoot, 'bench/results');
  const outFile = resolve(options.out ?? join(resultsDir, `gateway-${stamp}.json`));
  const dataDir = resolve(options.dataDir ?? tmpdir());
  options.dataDir = dataDir;
  mkdirSync(dataDir, { recursive: true });
  const runDir = mkdtempSync(join(dataDir, 'sluice-bench-'));
  const profileDir = options.cpuProf ? join(resultsDir, `profiles-${stamp}`) : undefined;
  if (profileDir) mkdirSync(profileDir, { recursive: true });

  let stopping = false;
  const interrupted = async (signal) => {
    if (stopping) return;
    stopping = true;
    log(`\n${signal}: stopping every process this bench started`);
    await stopAll();
    rmSync(runDir, { recursive: true, force: true });
    process.exit(130);
  };
  const onInt = () => void interrupted('SIGINT');
  const onTerm = () => void interrupted('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  process.on('exit', killAllNow);

  const cells = [];
  /** Measurements replaced by a quieter repeat of the same cell; kept in the results file. */
  const discarded = [];
  const skipped = {};
  let meta;
  try {
    meta = await machineInfo();
    const configs = [];
    for (const config of options.configs) {
      const reason = await unavailableReason(config, { repoRoot });
      if (reason) {
        skipped[config.id] = reason;
        log(`skip ${config.label}: ${reason}`);
      } else configs.push(config);
    }
    const { proxyCpu, loadCpu } = cores();
    const upstream = await startUpstream(runDir, proxyCpu);
    const scripts = Object.fromEntries(options.workloads.map((w) => [w.id, wrkScript(w, runDir)]));
    const ctx = { runDir, repoRoot, upstreamPort: upstream.port, upstreamPid: upstream.proc.pid, cpu: proxyCpu, loadCpu, scripts, cpuProfDir: profileDir };
    const total = configs.length * options.workloads.length * options.runs;
    let retriesLeft = options.retries ?? Math.ceil(total * 0.15);
    const perCell = estimateSeconds(options, configs.length) / Math.max(1, total);
    const minutes = (secondsTotal) => (secondsTotal < 120 ? `${Math.ceil(secondsTotal)} s` : `${Math.ceil(secondsTotal / 60)} min`);
    log(
      `gateway bench: ${configs.map((c) => c.id).join(', ')} × ${options.workloads.map((w) => w.id).join(', ')} × ${options.runs} run(s); ` +
        `about ${minutes(perCell * total)}, up to ${minutes(perCell * retriesLeft)} more if noisy cells are measured again`,
    );
    let index = 0;
    for (let run = 1; run <= options.runs; run++) {
      for (const workload of options.workloads) {
        for (const config of configs) {
          index++;
          if (skipped[config.id]) continue;
          try {
            let cell = await measureCell({ config, workload, run, ctx, options });
            progress(index, total, cell, config, workload);
            // Other work on a shared machine only slows a cell down: measure it again, within a
            // budget, and keep the quieter measurement.
            if (cell.otherLoadOnProxyCorePct > NOISY_PCT && retriesLeft > 0) {
              retriesLeft--;
              const again = await measureCell({ config, workload, run, ctx, options });
              progress(index, total, again, config, workload, 'again');
              const [kept, dropped] = again.otherLoadOnProxyCorePct < cell.otherLoadOnProxyCorePct ? [again, cell] : [cell, again];
              discarded.push(dropped);
              cell = { ...kept, repeated: true };
            }
            cells.push(cell);
          } catch (error) {
            if (stopping) return 130;
            // A proxy that cannot start or answer is left out of the rest of the run, not fatal.
            skipped[config.id] = error.message;
            log(`[${index}/${total}] ${config.label} failed on ${workload.id}, skipping it from now on:\n${error.message}`);
          }
        }
      }
    }
  } finally {
    await stopAll();
    rmSync(runDir, { recursive: true, force: true });
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  }

  const summary = summarize(cells);
  const ratioTable = ratios(summary);
  const verdicts = targets(summary, ratioTable, options);
  const measured = CONFIGS.filter((config) => options.configs.includes(config));
  process.stdout.write(formatReport({ summary, ratioTable, verdicts, options, configs: measured }));
  for (const [id, reason] of Object.entries(skipped)) process.stdout.write(`skipped ${id}: ${reason.split('\n')[0]}\n`);
  if (profileDir) printProfiles(profileDir, cells, discarded);

  mkdirSync(dirname(outFile), { recursive: true });
  const { configs: _c, workloads: _w, ...plainOptions } = options;
  const result = {
    bench: 'gateway',
    at: new Date().toISOString(),
    machine: meta,
    options: { ...plainOptions, configs: options.configs.map((c) => c.id), workloads: options.workloads.map((w) => w.id) },
    skipped,
    summary,
    ratios: ratioTable,
    targets: verdicts,
    cells,
    discardedCells: discarded,
  };
  writeFileSync(outFile, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`\nresults: ${relative(process.cwd(), outFile)}\n`);
  return options.strict && verdicts.some((t) => t.status === 'FAIL') ? 1 : 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
