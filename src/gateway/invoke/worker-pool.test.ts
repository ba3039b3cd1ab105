import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../telemetry/logger.js';
import { WorkerPool, type InvocationOutcome, type WorkerPoolOptions } from './worker-pool.js';

// Each invocation appends its id to a log, so a test can tell that it ran, where and how often.
const HANDLER = (label: string) => `
import { appendFileSync } from 'node:fs';
import { threadId } from 'node:worker_threads';
let invocations = 0;
export const handler = async (event) => {
  invocations += 1;
  appendFileSync(event.log, event.id + '\\n');
  if (event.exit) process.exit(3);
  if (event.sleep) await new Promise((resolve) => setTimeout(resolve, event.sleep));
  return { id: event.id, label: '${label}', thread: threadId, invocations };
};
`;

interface Answer {
  readonly id: string;
  readonly label: string;
  readonly thread: number;
  readonly invocations: number;
}

describe('Class: WorkerPool', () => {
  let dir: string;
  let file: string;
  let log: string;
  let pool: WorkerPool | undefined;

  const open = (options: Partial<WorkerPoolOptions>): WorkerPool => {
    pool = new WorkerPool({
      file,
      exportName: 'handler',
      size: 1,
      functionName: 'pool-test',
      memoryLimitInMB: 128,
      region: 'us-east-1',
      maxResponseBytes: 6 * 1024 * 1024,
      watch: false,
      logger: silentLogger(),
      ...options,
    });
    return pool;
  };
  const call = (id: string, timeoutMs: number, sleep = 0, exit = false): Promise<InvocationOutcome> =>
    pool!.invoke(JSON.stringify({ id, log, sleep, exit }), timeoutMs);
  const answer = (outcome: InvocationOutcome): Answer => {
    if (!('payload' in outcome)) throw new Error(`function error: ${JSON.stringify(outcome.error)}`);
    return JSON.parse(outcome.payload) as Answer;
  };
  const ran = async (): Promise<string[]> => (await readFile(log, 'utf8')).split('\n').filter(Boolean);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-pool-'));
    file = join(dir, 'handler.mjs');
  });

  afterEach(async () => {
    await pool?.close();
    pool = undefined;
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const fresh = async (label = 'v1'): Promise<void> => {
    await writeFile(file, HANDLER(label));
    log = join(dir, `log-${Math.random().toString(36).slice(2)}.txt`);
    await writeFile(log, '');
  };

  it('runs invocations that waited for a busy worker one at a time, in order, each once', async () => {
    // Prepare
    await fresh();
    open({});

    // Act
    const outcomes = await Promise.all(['a', 'b', 'c', 'd', 'e', 'f'].map((id) => call(id, 2_000, 5)));

    // Assess
    expect(outcomes.map((outcome) => answer(outcome).invocations)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await ran()).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  });

  it('after a timeout, the invocations handed over behind it run once, on a new worker', async () => {
    // Prepare
    await fresh();
    open({});
    await call('warm', 2_000);

    // Act: 'fast' takes the idle worker; the others wait and go to it together when it is done.
    const [fast, hung, next, last] = await Promise.all([call('fast', 2_000), call('hung', 300, 5_000), call('next', 2_000), call('last', 2_000)]);

    // Assess
    expect(answer(fast).invocations).toBe(2);
    expect(hung).toMatchObject({ error: { errorType: 'Sandbox.Timedout' } });
    expect([answer(next).invocations, answer(last).invocations]).toEqual([1, 2]);
    expect(answer(next).thread).not.toBe(answer(fast).thread);
    expect(await ran()).toEqual(['warm', 'fast', 'hung', 'next', 'last']);
  });

  it('after a crash, the invocations handed over behind it run once, on a new worker', async () => {
    // Prepare
    await fresh();
    open({});
    await call('warm', 2_000);

    // Act
    const [fast, crash, next, last] = await Promise.all([call('fast', 2_000), call('crash', 2_000, 0, true), call('next', 2_000), call('last', 2_000)]);

    // Assess
    expect(answer(fast).invocations).toBe(2);
    expect(crash).toMatchObject({ error: { errorType: 'Runtime.ExitError' } });
    expect([answer(next).invocations, answer(last).invocations]).toEqual([1, 2]);
    expect(await ran()).toEqual(['warm', 'fast', 'crash', 'next', 'last']);
  });

  it('answers every waiting invocation when the module cannot load, none twice', async () => {
    // Prepare
    await fresh();
    await writeFile(file, 'export const other = () => null;\n');
    open({});

    // Act
    const outcomes = await Promise.all(['a', 'b', 'c', 'd'].map((id) => call(id, 2_000)));

    // Assess
    expect(outcomes).toMatchObject(Array.from({ length: 4 }, () => ({ error: { errorType: 'Runtime.HandlerNotFound' } })));
    expect(pool!.workers).toBe(0);
  });

  it('refuses as throttled what waited behind a busy worker longer than its timeout', async () => {
    // Prepare
    await fresh();
    open({});
    await call('warm', 2_000);

    // Act: 'first' takes the worker; the others are handed over together once it is done;
    // 'late' would start after 'second', past its 400 ms.
    const outcomes = await Promise.allSettled([call('first', 400, 200), call('second', 400, 300), call('late', 400), call('later', 400)]);

    // Assess
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'rejected']);
    expect(outcomes.slice(2).map((outcome) => (outcome as PromiseRejectedResult).reason)).toMatchObject([
      { code: 'SLUICE_FUNCTION_THROTTLED' },
      { code: 'SLUICE_FUNCTION_THROTTLED' },
    ]);
    expect(await ran()).toEqual(['warm', 'first', 'second']);
  });

  it('lets a free worker take over what another worker holds behind a long invocation', async () => {
    // Prepare
    await fresh();
    open({ size: 2 });
    await Promise.all([call('warm-1', 2_000, 50), call('warm-2', 2_000, 50)]);

    // Act: both workers busy; four wait. The first to free up takes 'slow' and 'stuck'; the
    // other takes the rest, then 'stuck' from behind 'slow'.
    const finished: string[] = [];
    const track = (id: string, sleep: number) => call(id, 2_000, sleep).then((outcome) => finished.push(answer(outcome).id));
    await Promise.all([track('p1', 50), track('p2', 100), track('slow', 600), track('stuck', 0), track('q1', 0), track('q2', 0)]);

    // Assess
    expect(finished.indexOf('stuck')).toBeLessThan(finished.indexOf('slow'));
    expect((await ran()).filter((id) => id === 'stuck')).toHaveLength(1);
  });

  it('on reload, hands what an old worker has not started to a worker with the new code', async () => {
    // Prepare
    await fresh('v1');
    open({ watch: true });
    await call('warm', 2_000);

    // Act: 'slow' runs on the old worker with 'after' handed over behind it, then the file changes.
    const fast = call('fast', 2_000);
    const slow = call('slow', 2_000, 700);
    const after = call('after', 2_000);
    await fast;
    await new Promise((resolve) => setTimeout(resolve, 50));
    await writeFile(file, HANDLER('v2'));

    // Assess
    expect(answer(await slow).label).toBe('v1');
    expect(answer(await after).label).toBe('v2');
  });
});
