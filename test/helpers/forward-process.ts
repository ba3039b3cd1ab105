import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cleanEnv, SLUICE_BIN } from './cli.js';

const DIST_FORWARD = fileURLToPath(new URL('../../dist/cli/forward.js', import.meta.url));

export interface ForwardProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Everything written to stderr so far (pino JSON lines). */
  stderr(): string;
  /** Resolves when the process has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts `sluice forward ARGS…` as a child process and resolves once it logged
 * "forwarder running".
 *
 * @example
 * ```ts
 * const proc = await startForwardProcess(['--data', dir, '--destination', receiver.url]);
 * proc.child.kill('SIGTERM');
 * await proc.exited;
 * ```
 */
export function startForwardProcess(args: readonly string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<ForwardProcess> {
  if (!existsSync(DIST_FORWARD)) throw new Error('dist/cli/forward.js is missing: run `npm run build` (or `npm test`) first');
  const child = spawn(process.execPath, [SLUICE_BIN, 'forward', ...args], { env: options.env ?? cleanEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`sluice forward did not start in time; stderr:\n${stderr}`));
    }, options.timeoutMs ?? 10_000);
    let started = false;
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (!started && stderr.includes('"msg":"forwarder running"')) {
        started = true;
        clearTimeout(timer);
        resolve({ child, pid: child.pid!, stderr: () => stderr, exited });
      }
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      if (!started) reject(new Error(`sluice forward exited (code ${code}, signal ${signal}) before running; stderr:\n${stderr}`));
    });
  });
}

/** The JSON log lines of a process's stderr. */
export function logLines(stderr: string): Record<string, unknown>[] {
  return stderr
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
