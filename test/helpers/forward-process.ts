import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startSluiceProcess, type SluiceProcess } from './cli.js';

const DIST_FORWARD = fileURLToPath(new URL('../../dist/cli/forward.js', import.meta.url));

export type ForwardProcess = SluiceProcess;

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
  return startSluiceProcess('forward', args, (stderr) => stderr.includes('"msg":"forwarder running"'), options);
}

/** The JSON log lines of a process's stderr. */
export function logLines(stderr: string): Record<string, unknown>[] {
  return stderr
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
