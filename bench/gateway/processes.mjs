/**
 * Child processes of a bench run: started pinned to a core, tracked by PID, and always stopped
 * by that PID (then its own process group), also on failure or Ctrl-C.
 */
import { spawn } from 'node:child_process';
import { accessSync, closeSync, constants, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';

/** @type {Map<number, ReturnType<typeof track>>} every process this run started and has not seen exit. */
const running = new Map();

/**
 * Finds an executable on PATH.
 *
 * @example
 * which('wrk'); // '/usr/bin/wrk' or undefined
 */
export function which(command) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/**
 * A port that was free a moment ago on `host` (for peers whose config needs a fixed port).
 *
 * @example
 * const port = await freePort();
 */
export function freePort(host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function track(child, name, logFile) {
  const proc = { name, pid: child.pid, logFile, exited: false, exitCode: null, signal: null };
  proc.done = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      Object.assign(proc, { exited: true, exitCode: code, signal });
      running.delete(proc.pid);
      resolve();
    });
  });
  running.set(child.pid, proc);
  return proc;
}

/** `taskset -c CPU command args…` when a core is given, else the command itself. */
function pinned(cpu, command, args) {
  return cpu === undefined ? [command, args] : ['taskset', ['-c', String(cpu), command, ...args]];
}

/**
 * Starts a long-lived process with its stdout and stderr appended to `logFile`. `taskset` execs
 * the command, so the returned PID is the command's own.
 *
 * @example
 * const proc = startProcess({ name: 'nginx', command: 'nginx', args: ['-c', conf], cpu: 0, logFile });
 * await stopProcess(proc);
 */
export function startProcess({ name, command, args, cpu, env, cwd, logFile }) {
  const [file, argv] = pinned(cpu, command, args);
  const fd = openSync(logFile, 'a');
  try {
    // Own process group: Ctrl-C reaches only this script, which then stops each child itself.
    const child = spawn(file, argv, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', fd, fd], detached: true });
    if (child.pid === undefined) throw new Error(`could not start ${name} (${file})`);
    child.on('error', () => {});
    return track(child, name, logFile);
  } finally {
    closeSync(fd);
  }
}

/**
 * Runs a command to completion (pinned when `cpu` is given) and resolves with its output; killed
 * after `timeoutMs`.
 *
 * @example
 * const { stdout, code } = await runToEnd({ name: 'wrk', command: 'wrk', args, cpu: 1, timeoutMs: 20_000 });
 */
export function runToEnd({ name, command, args, cpu, timeoutMs }) {
  const [file, argv] = pinned(cpu, command, args);
  const child = spawn(file, argv, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const proc = track(child, name);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const timer = setTimeout(() => void stopProcess(proc, 0), timeoutMs);
  return new Promise((resolve, reject) => {
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code, signal });
    });
  });
}

function signal(pid, name) {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

/**
 * Stops one process: SIGTERM to its PID, then SIGKILL to its PID and its process group after
 * `graceMs`. Idempotent.
 *
 * @example
 * await stopProcess(proc);
 */
export async function stopProcess(proc, graceMs = 5_000) {
  if (proc.exited) return;
  signal(proc.pid, 'SIGTERM');
  const timedOut = await Promise.race([proc.done.then(() => false), sleep(graceMs).then(() => true)]);
  if (timedOut && !proc.exited) {
    signal(-proc.pid, 'SIGKILL');
    signal(proc.pid, 'SIGKILL');
    await proc.done;
  }
}

/** Stops every process this run started and has not seen exit. */
export async function stopAll() {
  await Promise.all([...running.values()].map((proc) => stopProcess(proc, 3_000)));
}

/** Last resort on exit: SIGKILL whatever is still running (synchronous, for `process.on('exit')`). */
export function killAllNow() {
  for (const proc of running.values()) {
    signal(-proc.pid, 'SIGKILL');
    signal(proc.pid, 'SIGKILL');
  }
}

/** The end of a process's log file, for error messages. */
export function logTail(proc, lines = 15) {
  if (proc.logFile === undefined) return '';
  try {
    return readFileSync(proc.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/**
 * Polls `url` until `accept(status, body)` holds; fails early, with the log tail, if `proc` exits.
 *
 * @example
 * await waitForHttp('http://127.0.0.1:9003/ping', { accept: (s, b) => s === 200 && b === 'pong', proc });
 */
export async function waitForHttp(url, { accept = (status) => status < 500, timeoutMs = 15_000, proc } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (proc?.exited) {
      throw new Error(`${proc.name} exited (code ${proc.exitCode}, signal ${proc.signal}) before answering ${url}\n${logTail(proc)}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      const body = await response.text();
      if (accept(response.status, body)) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = error.cause?.code ?? error.message;
    }
    await sleep(50);
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms (${last})${proc ? `\n${logTail(proc)}` : ''}`);
}
