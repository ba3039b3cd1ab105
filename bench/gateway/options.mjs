/** Command-line options of the gateway bench. */
import { parseArgs } from 'node:util';
import { CONFIGS } from './peers.mjs';
import { WORKLOADS } from './workloads.mjs';

export const HELP = `Usage: node bench/gateway/run.mjs [options]   (or: npm run bench -- gateway [options])

Side-by-side HTTP proxy benchmark on loopback: direct upstream, Sluice with capture off and on,
nginx and caddy. Upstream and proxy run on CPU 0, wrk on CPU 1; each cell is a fresh proxy
process, a warm-up, a measured run at --connections and a latency run at 1 connection.

Options:
  --quick                 smoke run, about 1 minute (1 run, 1 s warm-up, 2 s runs, no 1-conn run)
  --duration SECONDS      measured run per cell (default 5; quick 2)
  --warmup SECONDS        warm-up per cell, not measured (default 2; quick 1)
  --latency SECONDS       extra run at 1 connection per cell, 0 to skip (default 2; quick 0)
  --connections N         wrk connections of the measured run (default 32)
  --threads N             wrk threads (default 1)
  --runs N                runs of every cell, round-robin across configurations (default 2; quick 1)
  --retries N             cells that may be measured again when other processes took >10% of
                          the proxy core; the quieter measurement is kept (default 15% of cells)
  --configs LIST          comma list of ${CONFIGS.map((c) => c.id).join(',')} (default all)
  --workloads LIST        comma list of ${WORKLOADS.map((w) => w.id).join(',')} (default all)
  --out FILE              results JSON (default bench/results/gateway-<time>.json)
  --data-dir DIR          where each cell's files go, Sluice's queue database and blob folder
                          included (default the system temp dir). Creating a file costs far more
                          where many were deleted lately (a busy /tmp), so this moves the 256 KB
                          capture-on figure; the results file records it
  --cpu-prof              run the Sluice gateway under node --cpu-prof and print its top frames
  --strict                exit with code 1 when a target fails
  -h, --help              this text

Environment:
  SLUICE_BENCH_BASELINE=DIR  also measure Sluice built in DIR (configs base-off, base-on), side by
                          side with this tree's, for an A/B of two builds in one run
`;

const seconds = (name, text) => {
  const value = Number(String(text).replace(/s$/, ''));
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name}: expected whole seconds, got ${text}`);
  return value;
};

const count = (name, text) => {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name}: expected a whole number, got ${text}`);
  return value;
};

const positive = (name, text) => {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name}: expected a positive integer, got ${text}`);
  return value;
};

function pick(name, text, all) {
  if (text === undefined) return all;
  const ids = text
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  const unknown = ids.filter((id) => !all.some((item) => item.id === id));
  if (unknown.length > 0) throw new Error(`--${name}: unknown ${unknown.join(', ')} (known: ${all.map((item) => item.id).join(', ')})`);
  return all.filter((item) => ids.includes(item.id));
}

/**
 * Parses argv (without node and the script) into bench options; throws on bad input.
 *
 * @example
 * parseOptions(['--quick']).duration; // 2
 */
export function parseOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      latency: { type: 'string' },
      connections: { type: 'string', default: '32' },
      threads: { type: 'string', default: '1' },
      runs: { type: 'string' },
      retries: { type: 'string' },
      configs: { type: 'string' },
      workloads: { type: 'string' },
      out: { type: 'string' },
      'data-dir': { type: 'string' },
      'cpu-prof': { type: 'boolean', default: false },
      strict: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const quick = values.quick;
  const options = {
    help: values.help,
    quick,
    duration: seconds('duration', values.duration ?? (quick ? 2 : 5)),
    warmup: seconds('warmup', values.warmup ?? (quick ? 1 : 2)),
    latency: seconds('latency', values.latency ?? (quick ? 0 : 2)),
    connections: positive('connections', values.connections),
    threads: positive('threads', values.threads),
    runs: positive('runs', values.runs ?? (quick ? 1 : 2)),
    retries: values.retries === undefined ? undefined : count('retries', values.retries),
    configs: pick('configs', values.configs, CONFIGS),
    workloads: pick('workloads', values.workloads, WORKLOADS),
    out: values.out,
    dataDir: values['data-dir'],
    cpuProf: values['cpu-prof'],
    strict: values.strict,
  };
  if (options.duration < 1) throw new Error('--duration: at least 1 second');
  return options;
}

/**
 * Rough wall time of a run in seconds: per cell a proxy start and stop, the warm-up and the runs.
 *
 * @example
 * estimateSeconds(parseOptions([])); // ≈ 330
 */
export function estimateSeconds(options, configCount = options.configs.length) {
  const perCell = 1 + options.warmup + options.duration + (options.latency > 0 ? options.latency + 0.2 : 0);
  return Math.round(configCount * options.workloads.length * options.runs * perCell);
}
