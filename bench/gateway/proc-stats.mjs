/**
 * CPU time and peak memory of a process and its descendants, from /proc (Linux).
 * nginx runs a master and a worker; Node and Go count their threads in the process itself.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

let ticksPerSecond;

/** Kernel clock ticks per second (`getconf CLK_TCK`, almost always 100). */
export function clockTicks() {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** Fields of /proc/PID/stat after the command name, which may itself hold spaces or parens. */
function statFields(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/**
 * The PID and every live descendant of it.
 *
 * @example
 * processTree(nginxMasterPid); // [master, worker]
 */
export function processTree(rootPid) {
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(entry);
    if (fields === undefined) continue;
    const ppid = Number(fields[1]);
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid).push(Number(entry));
  }
  const tree = [rootPid];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]) ?? []));
  return tree;
}

/**
 * User + system CPU seconds used so far by the process tree under `rootPid`.
 *
 * @example
 * const before = cpuSeconds(pid); // … run load …
 * const usPerRequest = ((cpuSeconds(pid) - before) * 1e6) / requests;
 */
export function cpuSeconds(rootPid) {
  let ticks = 0;
  for (const pid of processTree(rootPid)) {
    const fields = statFields(pid);
    // utime and stime are fields 14 and 15 of stat(5), i.e. 11 and 12 after the name.
    if (fields !== undefined) ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks / clockTicks();
}

/**
 * Sum of VmHWM (peak resident set) over the process tree, in bytes. Start a fresh process per
 * measurement: the peak covers the process's whole life.
 *
 * @example
 * peakRssBytes(pid) / 2 ** 20; // MiB
 */
export function peakRssBytes(rootPid) {
  let bytes = 0;
  for (const pid of processTree(rootPid)) {
    try {
      const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (match) bytes += Number(match[1]) * 1024;
    } catch {
      // exited in between
    }
  }
  return bytes;
}

/**
 * User + nice + system CPU seconds spent so far on one core by every process (from /proc/stat),
 * to tell how much of a core went to processes other than the bench's own.
 *
 * @example
 * const busy = coreBusySeconds(0); // … later: coreBusySeconds(0) - busy - ownCpuSeconds
 */
export function coreBusySeconds(cpu) {
  const line = readFileSync('/proc/stat', 'utf8')
    .split('\n')
    .find((row) => row.startsWith(`cpu${cpu} `));
  if (line === undefined) return 0;
  const [user, nice, system] = line.trim().split(/\s+/).slice(1, 4).map(Number);
  return (user + nice + system) / clockTicks();
}

/**
 * Waits, up to `maxMs`, until a core is nearly idle (under 10% busy over 250 ms): between
 * measurements nothing of the bench's own runs there, so any load is another process's, or the
 * kernel still flushing the last run's files.
 *
 * @example
 * await settle(0); // before starting the next measured run on CPU 0
 */
export async function settle(cpu, maxMs = 3_000) {
  if (cpu === undefined) return;
  const deadline = Date.now() + maxMs;
  while (Date.now() < deadline) {
    const busy = coreBusySeconds(cpu);
    await sleep(250);
    if (coreBusySeconds(cpu) - busy < 0.025) return;
  }
}
