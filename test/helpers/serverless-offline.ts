import { spawn, type ChildProcess } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const SERVERLESS_BIN = join(REPO, 'node_modules/serverless/bin/serverless.js');

export interface ServerlessOffline {
  /** `http://127.0.0.1:PORT` of its Lambda Invoke endpoint. */
  readonly lambdaUrl: string;
  /** `http://127.0.0.1:PORT` of its API Gateway emulation (when functions have HTTP events). */
  readonly httpUrl: string;
  /** `<service>-<stage>-`: what serverless puts before a function's name. */
  readonly namePrefix: string;
  readonly pid: number;
  output(): string;
  stop(): Promise<void>;
}

export interface ServerlessOfflineOptions {
  /** Handler file copied into the service folder as `handler.mjs`. */
  readonly handlerFile: string;
  /** Function names (all served by `handler.handler`). */
  readonly functions: readonly string[];
  /** Give each function an `httpApi: '*'` event (API Gateway HTTP API emulation). */
  readonly httpApi?: boolean;
  /** Run handlers in serverless-offline's own thread (`--useInProcess`). */
  readonly inProcess?: boolean;
  readonly timeoutMs?: number;
}

/** A port that was free a moment ago on 127.0.0.1 (serverless-offline cannot take port 0). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

/**
 * Starts serverless-offline (serverless@3 + serverless-offline@13, the emulator most users run)
 * on 127.0.0.1 with free ports, in a temporary service folder with a disposable HOME (it writes
 * ~8 MB under ~/.serverless), and resolves once its Lambda endpoint listens.
 *
 * @example
 * ```ts
 * const offline = await startServerlessOffline({ handlerFile, functions: ['echo'] });
 * // invoke `${offline.namePrefix}echo` at offline.lambdaUrl
 * await offline.stop();
 * ```
 */
export async function startServerlessOffline(options: ServerlessOfflineOptions): Promise<ServerlessOffline> {
  const dir = await mkdtemp(join(tmpdir(), 'sluice-sls-'));
  const home = join(dir, 'home');
  await mkdir(home);
  await symlink(join(REPO, 'node_modules'), join(dir, 'node_modules'));
  await copyFile(options.handlerFile, join(dir, 'handler.mjs'));
  const functions = options.functions
    .map((name) => `  ${name}:\n    handler: handler.handler\n    timeout: 5\n${options.httpApi ? "    events:\n      - httpApi: '*'\n" : ''}`)
    .join('');
  await writeFile(
    join(dir, 'serverless.yml'),
    `service: sluice-it\nframeworkVersion: '3'\nprovider:\n  name: aws\n  runtime: nodejs20.x\n  stage: dev\n  region: us-east-1\nplugins:\n  - serverless-offline\nfunctions:\n${functions}`,
  );
  const [lambdaPort, httpPort, websocketPort, albPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const args = [
    SERVERLESS_BIN,
    'offline',
    'start',
    '--host',
    '127.0.0.1',
    '--lambdaPort',
    String(lambdaPort),
    '--httpPort',
    String(httpPort),
    '--websocketPort',
    String(websocketPort),
    '--albPort',
    String(albPort),
    '--noPrependStageInUrl',
  ];
  if (options.inProcess) args.push('--useInProcess');
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: dir,
    env: {
      ...process.env,
      HOME: home,
      SLS_TELEMETRY_DISABLED: '1',
      SLS_NOTIFICATIONS_MODE: 'off',
      SLS_DEPRECATION_DISABLE: '*',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dir, { recursive: true, force: true });
  };
  const ready = options.httpApi ? /Server ready: http/ : /Offline \[http for lambda\] listening/;
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`serverless-offline did not start in time:\n${output}`)), options.timeoutMs ?? 90_000);
      const onData = (chunk: Buffer): void => {
        output += chunk.toString();
        if (ready.test(output)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      void exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`serverless-offline exited before listening:\n${output}`));
      });
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    lambdaUrl: `http://127.0.0.1:${lambdaPort}`,
    httpUrl: `http://127.0.0.1:${httpPort}`,
    namePrefix: 'sluice-it-dev-',
    pid: child.pid!,
    output: () => output,
    stop,
  };
}
