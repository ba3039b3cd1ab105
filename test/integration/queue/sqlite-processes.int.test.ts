import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { QueueMessage } from '../../../src/queue/index.js';
import { ensureQueueBuilt } from './built-queue.js';
import { tempQueues, type TempQueues } from './temp-queue.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

interface Child {
  readonly process: ChildProcessWithoutNullStreams;
  readonly lines: string[];
  readonly stderr: string[];
  /** Resolves with the first line matching, as soon as it is printed. */
  waitForLine(predicate: (line: string, count: number) => boolean): Promise<string>;
  readonly exited: Promise<number | null>;
}

function startChild(script: string, args: readonly string[]): Child {
  const child = spawn(process.execPath, [join(FIXTURES, script), ...args], { stdio: 'pipe' });
  const lines: string[] = [];
  const stderr: string[] = [];
  const watchers = new Set<(line: string) => void>();
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    for (const watcher of [...watchers]) watcher(line);
  });
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return {
    process: child,
    lines,
    stderr,
    exited,
    waitForLine: (predicate) =>
      new Promise((resolve, reject) => {
        const watcher = (line: string) => {
          if (!predicate(line, lines.length)) return;
          watchers.delete(watcher);
          resolve(line);
        };
        watchers.add(watcher);
        void exited.then((code) => reject(new Error(`${script} exited (${code}) first: ${stderr.join('')}`)));
      }),
  };
}

async function drain(temp: TempQueues): Promise<QueueMessage[]> {
  const queue = temp.open();
  const messages: QueueMessage[] = [];
  for (;;) {
    const batch = await queue.receive({ maxMessages: 100, visibilityTimeoutMs: 600_000 });
    if (batch.length === 0) return messages;
    messages.push(...batch);
  }
}

describe('Class: SqliteQueue (several processes on one file)', () => {
  let moduleUrl: string;
  let temp: TempQueues;
  let children: Child[];

  beforeAll(() => {
    moduleUrl = ensureQueueBuilt();
  }, 120_000);

  beforeEach(async () => {
    temp = await tempQueues();
    children = [];
  });

  afterEach(async () => {
    for (const child of children) if (child.process.exitCode === null) child.process.kill('SIGKILL');
    await Promise.all(children.map((child) => child.exited));
    await temp.cleanup();
  });

  it('never gives the same message to receivers in different processes', async () => {
    // Prepare
    const queue = temp.open();
    const sent = new Set<string>();
    for (let start = 0; start < 5000; start += 500) {
      for (const id of await queue.sendBatch(Array.from({ length: 500 }, (_, index) => ({ body: `m${start + index}` })))) sent.add(id);
    }
    await queue.close();
    children = Array.from({ length: 3 }, () => startChild('receiver.mjs', [moduleUrl, temp.path]));
    await Promise.all(children.map((child) => child.waitForLine((line) => line === 'ready')));

    // Act
    for (const child of children) child.process.stdin.write('go\n');
    const codes = await Promise.all(children.map((child) => child.exited));

    // Assess
    expect(codes, children.map((child) => child.stderr.join('')).join('\n')).toEqual([0, 0, 0]);
    const received = children.flatMap((child) => child.lines.filter((line) => line !== 'ready'));
    expect(received).toHaveLength(sent.size);
    expect(new Set(received)).toEqual(sent);
    // Every process took part: the test exercised contention, not one receiver draining alone.
    expect(children.filter((child) => child.lines.length > 1).length).toBeGreaterThanOrEqual(2);
  });

  it('keeps every message whose send() resolved when the process is killed with SIGKILL', async () => {
    // Prepare
    const sender = startChild('sender.mjs', [moduleUrl, temp.path]);
    children = [sender];
    await sender.waitForLine((_, count) => count >= 2000);

    // Act
    sender.process.kill('SIGKILL');
    await sender.exited;

    // Assess
    const acknowledged = new Map(sender.lines.map((line) => line.split(' ') as [string, string]));
    const stored = new Map((await drain(temp)).map((message) => [message.id, message.body.length]));
    expect(acknowledged.size).toBeGreaterThanOrEqual(2000);
    for (const [id, size] of acknowledged) expect(stored.get(id), id).toBe(Number(size));
  });

  it('wakes a long poll in another process within a few poll intervals of a send', async () => {
    // Prepare
    const poller = startChild('long-poll.mjs', [moduleUrl, temp.path, '20000']);
    children = [poller];
    await poller.waitForLine((line) => line === 'ready');
    const queue = temp.open();
    await new Promise((resolve) => setTimeout(resolve, 100));

    // Act
    const sentAt = Date.now();
    const id = await queue.send({ body: 'across processes' });
    const line = await poller.waitForLine((text) => text.startsWith('['));

    // Assess
    expect(JSON.parse(line)).toEqual([id]);
    expect(Date.now() - sentAt).toBeLessThan(2000);
  });
});
