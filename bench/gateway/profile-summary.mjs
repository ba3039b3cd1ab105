/**
 * Where a Node process spent its CPU, from a `--cpu-prof` file: top self-time functions and
 * self time grouped by package or Sluice source file.
 * Run alone: `node bench/gateway/profile-summary.mjs FILE.cpuprofile [TOP]`.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';

/** `node:internal/streams/…`, a package under node_modules, a Sluice dist/ file, or a V8 pseudo-frame. */
function groupOf({ url, functionName }) {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return url.split('/').slice(0, 2).join('/');
  // undici parses HTTP/1 with llhttp compiled to WebAssembly.
  if (url.startsWith('wasm://')) return 'wasm (undici llhttp)';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const parts = url.slice(modules + '/node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  const dist = url.lastIndexOf('/dist/');
  return dist >= 0 ? `sluice ${url.slice(dist + '/dist/'.length)}` : basename(url);
}

/**
 * Self time per function and per group, largest first, in milliseconds and % of busy time
 * (samples where the process was idle are counted apart).
 *
 * @example
 * const { frames, groups } = summarizeProfile(JSON.parse(readFileSync(file, 'utf8')), 15);
 */
export function summarizeProfile(profile, top = 15) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const frames = new Map();
  const groups = new Map();
  let idleUs = 0;
  let busyUs = 0;
  for (const [id, us] of selfUs) {
    const frame = nodes.get(id).callFrame;
    if (frame.functionName === '(idle)') {
      idleUs += us;
      continue;
    }
    busyUs += us;
    const name = `${frame.functionName || '(anonymous)'} ${frame.url ? `${basename(frame.url)}:${frame.lineNumber + 1}` : ''}`.trim();
    const group = groupOf(frame);
    const entry = frames.get(name) ?? { name, group, us: 0 };
    entry.us += us;
    frames.set(name, entry);
    groups.set(group, (groups.get(group) ?? 0) + us);
  }
  const rank = (list) =>
    list
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map((e) => ({ ...e, ms: e.us / 1000, pct: (e.us / (busyUs || 1)) * 100 }));
  return {
    busyMs: busyUs / 1000,
    idleMs: idleUs / 1000,
    frames: rank([...frames.values()]),
    groups: rank([...groups].map(([name, us]) => ({ name, us }))),
  };
}

/**
 * Text rendering of {@link summarizeProfile}.
 *
 * @example
 * process.stdout.write(formatProfileSummary(summarizeProfile(profile)));
 */
export function formatProfileSummary({ busyMs, idleMs, frames, groups }) {
  const line = (e) => `  ${e.pct.toFixed(1).padStart(5)}%  ${e.name}${e.group && e.group !== e.name ? `  [${e.group}]` : ''}`;
  const head = `profile: ${(busyMs / 1000).toFixed(1)} s busy, ${(idleMs / 1000).toFixed(1)} s idle; shares below are of busy time`;
  return [head, 'self time by group:', ...groups.map(line), 'top functions (self time):', ...frames.map(line), ''].join('\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [file, top] = process.argv.slice(2);
  if (file === undefined) {
    process.stderr.write('usage: node bench/gateway/profile-summary.mjs FILE.cpuprofile [TOP]\n');
    process.exitCode = 2;
  } else {
    process.stdout.write(formatProfileSummary(summarizeProfile(JSON.parse(readFileSync(file, 'utf8')), Number(top ?? 15))));
  }
}
