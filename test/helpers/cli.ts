import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** `bin/sluice.js`, which runs the compiled CLI from `dist/` (`npm test` builds it first). */
export const SLUICE_BIN = fileURLToPath(new URL('../../bin/sluice.js', import.meta.url));
const DIST_MAIN = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

function assertBuilt(): void {
  if (!existsSync(DIST_MAIN)) throw new Error('dist/ is missing: run `npx tsc -p tsconfig.build.json` (or `npm test`) first');
}

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `sluice ARGS…` to completion (killed after `timeoutMs`) and collects its output.
 *
 * @example
 * ```ts
 * const { code, stderr } = await runCli(['config', 'check', 'bad.yaml']);
 * ```
 */
export function runCli(args: readonly string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<CliResult> {
  assertBuilt();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SLUICE_BIN, ...args], { env: options.env ?? cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

export interface GatewayProcess extends SluiceProcess {
  /** `http://127.0.0.1:PORT` as the gateway logged it. */
  readonly url: string;
  readonly port: number;
  /** `http://127.0.0.1:PORT` of the admin listener as it logged it; undefined when it has none. */
  readonly adminUrl: string | undefined;
  /** The resident set size now, from /proc (Linux). */
  rssBytes(): Promise<number>;
}

/**
 * Starts `sluice gateway ARGS…` (or `serve`) as a child process and resolves once it logged
 * "gateway listening" (use `--port 0` or `listen.port: 0`: the logged port is read back). Adds
 * `--admin 127.0.0.1:0` unless ARGS choose the admin listener, so processes never share one.
 *
 * @example
 * ```ts
 * const proc = await startGatewayProcess(['--upstream', upstream.url, '--port', '0', '--data', dir]);
 * proc.child.kill('SIGTERM');
 * await proc.exited;
 * ```
 */
export function startGatewayProcess(
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number; command?: 'gateway' | 'serve' } = {},
): Promise<GatewayProcess> {
  assertBuilt();
  let port: number | undefined;
  const ready = (stderr: string): boolean => {
    port = stderr
      .split('\n')
      .map((line) => listeningPort(line, 'gateway listening'))
      .find((found) => found !== undefined);
    return port !== undefined;
  };
  const withAdmin = args.includes('--admin') ? args : [...args, '--admin', '127.0.0.1:0'];
  return startSluiceProcess(options.command ?? 'gateway', withAdmin, ready, options).then((started) => {
    const adminPort = started
      .stderr()
      .split('\n')
      .map((line) => listeningPort(line, 'admin listening'))
      .find((found) => found !== undefined);
    return {
      ...started,
      url: `http://127.0.0.1:${port!}`,
      port: port!,
      adminUrl: adminPort === undefined ? undefined : `http://127.0.0.1:${adminPort}`,
      rssBytes: () => rssOf(started.pid),
    };
  });
}

/** A `sluice` child process that has said it is ready. */
export interface SluiceProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Everything written to stderr so far (pino JSON lines). */
  stderr(): string;
  /** Resolves when the process has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts `sluice COMMAND ARGS…` and resolves once `ready(stderr so far)` says so; rejects (and
 * kills it) when it exits first or takes longer than `timeoutMs`.
 *
 * @example
 * ```ts
 * const proc = await startSluiceProcess('forward', ['--data', dir], (stderr) => stderr.includes('forwarder running'));
 * ```
 */
export function startSluiceProcess(
  command: string,
  args: readonly string[],
  ready: (stderr: string) => boolean,
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<SluiceProcess> {
  const child = spawn(process.execPath, [SLUICE_BIN, command, ...args], { env: options.env ?? cleanEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  let started = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`sluice ${command} did not start in time; stderr:\n${stderr}`));
    }, options.timeoutMs ?? 30_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (started || !ready(stderr)) return;
      started = true;
      clearTimeout(timer);
      resolve({ child, pid: child.pid!, stderr: () => stderr, exited });
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      if (!started) reject(new Error(`sluice ${command} exited (code ${code}, signal ${signal}) before it was ready; stderr:\n${stderr}`));
    });
  });
}

function listeningPort(line: string, message: string): number | undefined {
  if (!line.includes(message)) return undefined;
  try {
    const parsed = JSON.parse(line) as { msg?: string; port?: number };
    return parsed.msg === message ? parsed.port : undefined;
  } catch {
    return undefined;
  }
}

async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  if (!match) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]) * 1024;
}

/** The test's environment without SLUICE_* variables, so a developer's shell cannot change the outcome. */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('SLUICE_')));
  return { ...env, NODE_ENV: 'test', ...extra };
}
