import { once } from 'node:events';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { assertNever } from '../core/assert-never.js';
import type { SluiceConfig, TargetConfig } from '../core/config-schema.js';
import { ConfigError, type ConfigIssue } from '../core/errors.js';
import { parseHandlerSpec } from '../core/lambda-target-schema.js';

/** Lambda's init phase limit: a module slower to load than this is not judged here. */
const LOAD_TIMEOUT_MS = 10_000;

/**
 * Loads the module in a throwaway worker thread and reports its export names, so a missing
 * export is found before the first request, without running the handler's init code in the
 * gateway's own thread. Kept self-contained: it is evaluated as a string.
 */
const PROBE = `
const { parentPort, workerData } = require('node:worker_threads');
import(workerData.url).then(
  (module) => {
    const names = new Set(Object.keys(module));
    if (module.default && typeof module.default === 'object') for (const name of Object.keys(module.default)) names.add(name);
    const callable = [...names].filter((name) => typeof (module[name] ?? module.default?.[name]) === 'function');
    parentPort.postMessage({ callable });
  },
  (error) => parentPort.postMessage({ error: String(error && error.message || error) }),
);
`;

/**
 * Refuses to start when a route's handler file does not exist, does not load, or lacks the
 * export it names: otherwise the mistake would surface only as a 502 on the first request.
 *
 * @throws ConfigError naming the route, the file and the export.
 * @example
 * ```ts
 * await checkHandlers(config, 'sluice.yaml', (path) => path);
 * ```
 */
export async function checkHandlers(config: SluiceConfig, source: string, locate: (path: string) => string): Promise<void> {
  const issues: ConfigIssue[] = [];
  await Promise.all(
    config.routes.map(async (route, index) => {
      const handler = handlerOf(route.target);
      if (handler === undefined) return;
      const path = locate(`routes[${index}].target.handler`);
      const spec = parseHandlerSpec(handler)!;
      const file = resolve(spec.file);
      const found = await stat(file).catch(() => undefined);
      if (found === undefined || !found.isFile()) {
        issues.push({ path, message: `handler file ${spec.file} does not exist (looked for ${file}; paths are relative to the working directory)` });
        return;
      }
      const probe = await probeExports(file);
      if ('error' in probe) issues.push({ path, message: `handler file ${spec.file} does not load: ${probe.error}` });
      else if (probe.callable !== undefined && !probe.callable.includes(spec.exportName)) {
        const exported = probe.callable.length === 0 ? 'no functions' : probe.callable.join(', ');
        issues.push({ path, message: `handler file ${spec.file} has no exported function "${spec.exportName}" (it exports ${exported})` });
      }
    }),
  );
  if (issues.length > 0) throw new ConfigError(source, issues);
}

/** The handler file a target runs in this process (`./fns/users.mjs#list`), if any. */
function handlerOf(target: TargetConfig): string | undefined {
  switch (target.type) {
    case 'http':
    case 'sqs':
    case 'sns':
    case 's3':
    case 'kinesis':
    case 'dynamodb':
    case 'eventbridge':
      return undefined;
    case 'lambda':
      return target.handler;
    default:
      return assertNever(target, 'type');
  }
}

/** The module's exported function names; `callable` undefined when it took too long to say. */
async function probeExports(file: string): Promise<{ callable?: string[] } | { error: string }> {
  const worker = new Worker(PROBE, { eval: true, workerData: { url: pathToFileURL(file).href }, stdout: true, stderr: true });
  const timer = setTimeout(() => void worker.terminate(), LOAD_TIMEOUT_MS);
  try {
    const answer = await Promise.race([
      once(worker, 'message').then(([message]) => message as { callable: string[] } | { error: string }),
      once(worker, 'exit').then(() => ({})),
    ]);
    return answer;
  } catch (error) {
    return { error: (error as Error).message };
  } finally {
    clearTimeout(timer);
    await worker.terminate();
  }
}
