/** Turns measured cells into per-workload summaries, ratios, target verdicts and a text table. */

const MB = 1024 * 1024;
const mean = (values) => (values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length);
const defined = (values) => values.filter((value) => value !== undefined && value !== null && !Number.isNaN(value));

/**
 * Averages the runs of each (workload, configuration); peak RSS is the largest of the runs.
 *
 * @example
 * summarize(cells)['get-small']['sluice-on'].rps;
 */
export function summarize(cells) {
  const summary = {};
  for (const cell of cells) {
    summary[cell.workload] ??= {};
    (summary[cell.workload][cell.config] ??= []).push(cell);
  }
  for (const byConfig of Object.values(summary)) {
    for (const [config, runs] of Object.entries(byConfig)) {
      const rpsValues = runs.map((run) => run.main.rps);
      const rps = mean(rpsValues);
      const rss = defined(runs.map((run) => run.peakRssBytes));
      const data = defined(runs.map((run) => run.dataBytes));
      byConfig[config] = {
        runs: runs.length,
        rps,
        rpsBest: Math.max(...rpsValues),
        rpsSpreadPct: runs.length > 1 ? ((Math.max(...rpsValues) - Math.min(...rpsValues)) / 2 / rps) * 100 : null,
        p50Ms: mean(defined(runs.map((run) => run.main.p50))),
        p99Ms: mean(defined(runs.map((run) => run.main.p99))),
        cpuUsPerRequest: mean(defined(runs.map((run) => run.cpuUsPerRequest))),
        upstreamCpuUsPerRequest: mean(defined(runs.map((run) => run.upstreamCpuUsPerRequest))),
        peakRssMb: rss.length > 0 ? Math.max(...rss) / MB : null,
        oneConnP50Ms: mean(defined(runs.map((run) => run.oneConnection?.p50))),
        oneConnP99Ms: mean(defined(runs.map((run) => run.oneConnection?.p99))),
        errors: runs.reduce((sum, run) => sum + run.main.errors + (run.oneConnection?.errors ?? 0), 0),
        capturedMb: data.length > 0 ? mean(data) / MB : null,
        otherLoadOnProxyCorePct: mean(defined(runs.map((run) => run.otherLoadOnProxyCorePct))),
      };
    }
  }
  return summary;
}

const ratio = (a, b) => (a && b ? a.rps / b.rps : null);

/**
 * The req/s ratio that core 0's CPU cost predicts: upstream and proxy share that core, so when it
 * is the bottleneck req/s ∝ 1 / (upstream + proxy CPU µs per request). Far less sensitive than
 * req/s to other work on the machine.
 */
function cpuRatio(a, b) {
  if (!a || !b || a.cpuUsPerRequest === null || b.cpuUsPerRequest === null) return null;
  return (b.cpuUsPerRequest + b.upstreamCpuUsPerRequest) / (a.cpuUsPerRequest + a.upstreamCpuUsPerRequest);
}

/**
 * req/s ratios per workload: every configuration vs direct, capture on/off, Sluice (capture on)
 * vs caddy and vs nginx; null where a side was not measured.
 *
 * @example
 * ratios(summary)['get-256k'].captureOnOff; // 0.74
 */
export function ratios(summary) {
  const result = {};
  for (const [workload, byConfig] of Object.entries(summary)) {
    const on = byConfig['sluice-on'];
    result[workload] = {
      vsDirect: Object.fromEntries(Object.entries(byConfig).map(([config, stats]) => [config, ratio(stats, byConfig.direct)])),
      captureOnOff: ratio(on, byConfig['sluice-off']),
      captureOnOffByCpu: cpuRatio(on, byConfig['sluice-off']),
      captureOnVsCaddy: ratio(on, byConfig.caddy),
      captureOnVsCaddyByCpu: cpuRatio(on, byConfig.caddy),
      captureOnVsNginx: ratio(on, byConfig.nginx),
    };
  }
  return result;
}

/**
 * The targets, each `{ name, status: 'PASS' | 'FAIL' | 'SKIP', value, detail }`.
 *
 * @example
 * targets(summary, ratios(summary), { workloads, connections: 32 }).filter((t) => t.status === 'FAIL');
 */
export function targets(summary, ratioTable, { workloads, connections }) {
  const list = [];
  const verdict = (name, value, ok, detail) =>
    list.push({ name, status: value === null || value === undefined ? 'SKIP' : ok(value) ? 'PASS' : 'FAIL', value, detail });
  for (const workload of workloads) {
    const min = workload.small ? 0.85 : 0.7;
    verdict(`capture on / capture off ≥ ${min.toFixed(2)}, ${workload.label}`, ratioTable[workload.id]?.captureOnOff, (v) => v >= min, 'req/s ratio');
  }
  for (const workload of workloads) {
    verdict(`sluice capture on ≥ caddy, ${workload.label}`, ratioTable[workload.id]?.captureOnVsCaddy, (v) => v >= 1, 'req/s ratio');
  }
  const big = workloads.find((workload) => workload.id === 'get-256k');
  if (big) {
    const note = connections === 32 ? '' : ` (measured at ${connections} connections, target is at 32)`;
    verdict(`peak RSS of sluice capture on ≤ 250 MB, ${big.label}${note}`, summary[big.id]?.['sluice-on']?.peakRssMb, (v) => v <= 250, 'MB');
  }
  return list;
}

const dash = '—';
const int = (value) => (value === null || value === undefined ? dash : Math.round(value).toLocaleString('en-US'));
const fixed = (value, digits) => (value === null || value === undefined ? dash : value.toFixed(digits));
const micro = (ms) => (ms === null || ms === undefined ? dash : Math.round(ms * 1000).toLocaleString('en-US'));

function table(header, rows) {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
  const line = (cells) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/**
 * The printed report: one table per workload, its ratios, then the target verdicts.
 *
 * @example
 * process.stdout.write(formatReport({ summary, ratioTable, verdicts, options, configs }));
 */
export function formatReport({ summary, ratioTable, verdicts, options, configs }) {
  const out = [];
  const header = ['configuration', 'req/s', '±%', '×direct', 'p50 ms', 'p99 ms', 'CPU µs/req', 'peak RSS MB', '1-conn p50 µs', '1-conn p99 µs'];
  for (const workload of options.workloads) {
    const byConfig = summary[workload.id] ?? {};
    const rows = configs
      .filter((config) => byConfig[config.id])
      .map((config) => {
        const s = byConfig[config.id];
        return [
          config.label,
          int(s.rps),
          fixed(s.rpsSpreadPct, 1),
          fixed(ratioTable[workload.id].vsDirect[config.id], 2),
          fixed(s.p50Ms, 2),
          fixed(s.p99Ms, 2),
          fixed(s.cpuUsPerRequest, 1),
          fixed(s.peakRssMb, 0),
          micro(s.oneConnP50Ms),
          micro(s.oneConnP99Ms),
        ];
      });
    out.push(`\n${workload.label}: ${options.connections} connections, ${options.duration} s × ${options.runs} run(s)`);
    out.push(rows.length > 0 ? table(header, rows) : '(nothing measured)');
    const r = ratioTable[workload.id] ?? {};
    out.push(
      `req/s ratios: capture on / capture off ${fixed(r.captureOnOff, 2)} (by core-0 CPU ${fixed(r.captureOnOffByCpu, 2)})   ` +
        `sluice capture on / caddy ${fixed(r.captureOnVsCaddy, 2)} (by core-0 CPU ${fixed(r.captureOnVsCaddyByCpu, 2)})   ` +
        `sluice capture on / nginx ${fixed(r.captureOnVsNginx, 2)}`,
    );
    if (byConfig['base-on'] || byConfig['base-off']) {
      const vs = (id, baseId) => {
        const mine = byConfig[id];
        const base = byConfig[baseId];
        if (!mine || !base) return dash;
        return `${fixed(mine.rps / base.rps, 2)} in req/s, ${fixed(mine.cpuUsPerRequest, 1)} vs ${fixed(base.cpuUsPerRequest, 1)} CPU µs/req`;
      };
      out.push(`this tree / baseline: capture on ${vs('sluice-on', 'base-on')}   capture off ${vs('sluice-off', 'base-off')}`);
    }
    for (const config of configs) {
      const s = byConfig[config.id];
      if (s?.errors > 0) out.push(`warning: ${config.label}: ${s.errors} errors (socket errors or non-2xx answers)`);
      if (s?.otherLoadOnProxyCorePct > 5) out.push(`warning: ${config.label}: other processes took ${fixed(s.otherLoadOnProxyCorePct, 0)}% of the proxy core`);
      if (s?.capturedMb !== null && s?.capturedMb !== undefined && config.capture)
        out.push(`${config.label}: ${fixed(s.capturedMb, 1)} MB stored per cell (SQLite + blobs)`);
    }
  }
  out.push('\nTargets');
  const shown = (t) => (t.value === null || t.value === undefined ? 'not measured' : t.detail === 'MB' ? `${t.value.toFixed(1)} MB` : t.value.toFixed(3));
  for (const t of verdicts) out.push(`${t.status.padEnd(4)}  ${t.name}: ${shown(t)}`);
  out.push('\nNotes: ±% is half the spread of req/s across runs; differences under ~20% in req/s or ~2x in p99 are noise on a 2-core machine.');
  out.push('CPU µs/req is user+system time of the proxy process tree during the measured run; peak RSS is VmHWM over the whole cell.');
  out.push('"by core-0 CPU" is the ratio predicted from upstream + proxy CPU µs/req (they share core 0): steadier than req/s when other work runs.');
  return `${out.join('\n')}\n`;
}
