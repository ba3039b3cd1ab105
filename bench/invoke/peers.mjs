/**
 * The two servers compared: Sluice's handler mode and serverless-offline in-process mode, both
 * serving bench/invoke/handler.mjs as an HTTP API ($default route, payload 2.0).
 */
import { copyFileSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, startProcess, waitForHttp } from '../gateway/processes.mjs';

export const PEERS = [
  { id: 'sluice', label: 'sluice handler mode' },
  { id: 'serverless-offline', label: 'serverless-offline (in-process)' },
];

/**
 * Lays out the service folder serverless-offline needs (serverless.yml, the handler, a link to
 * the repository's node_modules, a disposable HOME) and returns the handler's path.
 */
export function prepareService(runDir, { repoRoot, handlerFile }) {
  const service = join(runDir, 'service');
  mkdirSync(join(service, 'home'), { recursive: true });
  copyFileSync(handlerFile, join(service, 'handler.mjs'));
  symlinkSync(join(repoRoot, 'node_modules'), join(service, 'node_modules'));
  writeFileSync(
    join(service, 'serverless.yml'),
    [
      'service: sluice-bench',
      "frameworkVersion: '3'",
      'provider:',
      '  name: aws',
      '  runtime: nodejs20.x',
      '  stage: dev',
      '  region: us-east-1',
      'plugins:',
      '  - serverless-offline',
      'functions:',
      '  api:',
      '    handler: handler.handler',
      '    events:',
      "      - httpApi: '*'",
      '',
    ].join('\n'),
  );
  return { service, handler: join(service, 'handler.mjs') };
}

/**
 * Starts one peer pinned to `cpu` and resolves when it answers `GET /users`.
 *
 * @example
 * const { port, proc } = await startPeer('sluice', { repoRoot, runDir, service, cpu: 0 });
 */
export async function startPeer(id, { repoRoot, runDir, service, cpu }) {
  const port = await freePort();
  let proc;
  if (id === 'sluice') {
    proc = startProcess({
      name: 'sluice',
      command: process.execPath,
      args: [
        join(repoRoot, 'bin/sluice.js'),
        'gateway',
        '--handler',
        `${join(service.dir, 'handler.mjs')}#handler`,
        '--port',
        String(port),
        '--data',
        join(runDir, 'sluice-data'),
      ],
      cpu,
      logFile: join(runDir, 'sluice.log'),
    });
  } else {
    const [lambdaPort, websocketPort, albPort] = await Promise.all([freePort(), freePort(), freePort()]);
    proc = startProcess({
      name: 'serverless-offline',
      command: process.execPath,
      args: [
        join(repoRoot, 'node_modules/serverless/bin/serverless.js'),
        'offline',
        'start',
        '--useInProcess',
        '--host',
        '127.0.0.1',
        '--httpPort',
        String(port),
        '--lambdaPort',
        String(lambdaPort),
        '--websocketPort',
        String(websocketPort),
        '--albPort',
        String(albPort),
        '--noPrependStageInUrl',
      ],
      cpu,
      cwd: service.dir,
      env: {
        HOME: join(service.dir, 'home'),
        SLS_TELEMETRY_DISABLED: '1',
        SLS_NOTIFICATIONS_MODE: 'off',
        AWS_ACCESS_KEY_ID: 'bench',
        AWS_SECRET_ACCESS_KEY: 'bench',
      },
      logFile: join(runDir, 'serverless-offline.log'),
    });
  }
  await waitForHttp(`http://127.0.0.1:${port}/users`, { accept: (status) => status === 200, proc, timeoutMs: 30_000 });
  return { port, proc };
}
