import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Context } from 'aws-lambda';
import { lambdaContext } from './lambda-events.js';

const RUNNER = fileURLToPath(new URL('./lambda-runner.mjs', import.meta.url));

/** A built handler running in its own Node process (a warm execution environment). */
export interface LambdaProcess {
  readonly child: ChildProcess;
  /** Invokes the handler; rejects with the handler's error (name, code, message). */
  invoke<T = unknown>(event: unknown, context?: Partial<Context>): Promise<T>;
  /** Everything the function wrote to stdout (info logs, EMF metrics). */
  stdout(): string;
  /** Everything the function wrote to stderr (warnings and errors of the Powertools logger). */
  stderr(): string;
  close(): Promise<void>;
}

/**
 * Starts `bundle` (a `dist-lambda/<name>/index.mjs`) in a fresh Node process with `env` as its
 * whole environment, and resolves once its init finished.
 *
 * @example
 * ```ts
 * const proxy = await startLambdaProcess('dist-lambda/proxy/index.mjs', { AWS_REGION: 'us-east-1', SLUICE_ROUTE_MAP: '…' });
 * const result = await proxy.invoke(apiGatewayEvent({ method: 'GET', resource: '/users', path: '/users' }));
 * await proxy.close();
 * ```
 */
export function startLambdaProcess(bundle: string, env: NodeJS.ProcessEnv): Promise<LambdaProcess> {
  const child = fork(RUNNER, [bundle], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const pending = new Map<number, { resolve: (value: never) => void; reject: (error: Error) => void }>();
  let next = 0;
  child.on('message', (message: { id?: number; ok?: boolean; result?: unknown; error?: { name: string; code?: string; message: string } }) => {
    if (message.id === undefined) return;
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.ok) waiter?.resolve(message.result as never);
    else waiter?.reject(Object.assign(new Error(message.error?.message), { name: message.error?.name, code: message.error?.code }));
  });
  const process_: LambdaProcess = {
    child,
    invoke<T>(event: unknown, context: Partial<Context> = {}): Promise<T> {
      const id = next++;
      const { getRemainingTimeInMillis: _ignored, done: _d, fail: _f, succeed: _s, ...plain } = { ...lambdaContext(), ...context };
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: never) => void, reject });
        child.send({ id, event, context: plain });
      });
    },
    stdout: () => out,
    stderr: () => err,
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.disconnect();
      await exited;
    },
  };
  return new Promise((resolve, reject) => {
    child.once('message', (message: { ready?: boolean; initError?: { message: string } }) => {
      if (message.ready) resolve(process_);
      else reject(new Error(`the function's init failed: ${message.initError?.message}\n${err}`));
    });
    child.once('exit', (code) => reject(new Error(`the function's process exited (${code}) during init:\n${err}${out}`)));
  });
}
