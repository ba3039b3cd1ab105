import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeFrameParts } from '../../../src/core/capture-frame.js';
import { renderRecordJson } from '../../../src/core/record-json.js';
import { HistoryStore } from '../../../src/history/history-store.js';
import { HistoryWorkerWriter, type HistoryWorkerWriterOptions } from '../../../src/history/history-worker-writer.js';
import type { HistoryOutcome, HistoryState } from '../../../src/history/types.js';
import { captureMeta } from '../../helpers/capture-meta.js';
import { waitFor } from '../../helpers/wait-for.js';

const DAY = 86_400_000;
/** Flushes only when a test asks: every batch boundary in these tests is explicit. */
const NEVER = 2_147_483_647;

function outcomeFactory(capturedAt: number, state: HistoryState = 'delivered'): HistoryOutcome {
  const id = `0190f5c2-2222-7000-8000-${Math.random().toString(16).slice(2, 14).padEnd(12, '0')}`;
  return {
    id,
    json: JSON.stringify({ id, timestamp: new Date(capturedAt).toISOString(), route: 'users', endpoint: '/users', method: 'POST', status: 201 }),
    attempt: 1,
    at: capturedAt,
    durationMs: 4,
    status: state === 'delivered' ? 204 : 503,
    state,
  };
}

/**
 * The history's writer thread (issue 14): a real worker running the build's
 * `dist/history/history-worker.js` (`npm run build` first), real SQLite files in a temp dir.
 */
describe('Class: HistoryWorkerWriter', () => {
  let dir: string;
  let path: string;
  let writer: HistoryWorkerWriter | undefined;
  let errors: unknown[];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sluice-history-worker-'));
    path = join(dir, 'sluice.history.db');
    errors = [];
  });

  afterEach(() => {
    writer?.close();
    writer = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  function open(options: Partial<HistoryWorkerWriterOptions> = {}): HistoryWorkerWriter {
    writer = HistoryWorkerWriter.open(path, {
      retentionMs: 7 * DAY,
      maxSizeBytes: 2 ** 30,
      flushIntervalMs: NEVER,
      pruneIntervalMs: NEVER,
      onError: (error) => errors.push(error),
      ...options,
    });
    return writer;
  }

  /** The ids the history holds, read from the file by a connection of its own. */
  function storedIds(): Set<string> {
    const reader = HistoryStore.openReadonly(path);
    try {
      return new Set(reader.list({}, { limit: 100_000 }).entries.map((entry) => entry.id));
    } finally {
      reader.close();
    }
  }

  it('writes what it recorded, readable with its state and attempts once close() returns', () => {
    // Prepare
    const history = open();
    const delivered = outcomeFactory(Date.now());
    const deadLetter = outcomeFactory(Date.now(), 'dead_letter');

    // Act
    history.record(delivered);
    history.record(deadLetter);
    history.close();

    // Assess
    const reader = HistoryStore.openReadonly(path);
    try {
      expect(reader.get(delivered.id)).toMatchObject({
        id: delivered.id,
        state: 'delivered',
        attempts: 1,
        status: 201,
        attemptLog: [{ attempt: 1, status: 204 }],
      });
      expect(reader.get(deadLetter.id)).toMatchObject({ id: deadLetter.id, state: 'dead_letter', attemptLog: [{ attempt: 1, status: 503 }] });
    } finally {
      reader.close();
    }
    expect(errors).toEqual([]);
  });

  it('renders a capture from its queue frame in the thread, and keeps it queued until an outcome comes', () => {
    // Prepare
    const history = open();
    const meta = captureMeta({ id: '0190f5c2-3333-7000-8000-000000000001', method: 'POST', endpoint: '/orders', status: 202 });
    const requestBody = Buffer.from('{"sku":"A-4711","qty":2}');
    const responseBody = Buffer.from('{"accepted":true}');
    const frame = encodeFrameParts(meta, [requestBody], [responseBody]);
    const other = outcomeFactory(Date.now());

    // Act: the frame's buffers are reused by their owner once handed over.
    history.captured(meta.id, frame, Date.now());
    for (const part of frame) part.fill(0);
    history.captured(other.id, encodeFrameParts(captureMeta({ id: other.id }), [], []), Date.now());
    history.record(other);
    history.close();
    writer = undefined;

    // Assess
    const reader = HistoryStore.openReadonly(path);
    try {
      const entry = reader.get(meta.id);
      expect(entry).toMatchObject({ state: 'queued', attempts: 0, method: 'POST', path: '/orders', status: 202 });
      expect(entry?.record).toEqual(JSON.parse(renderRecordJson({ meta, requestBody, responseBody })) as unknown);
      expect(reader.list({ text: 'A-4711' }).entries.map((found) => found.id)).toEqual([meta.id]);
      expect(reader.get(other.id)).toMatchObject({ state: 'delivered', attempts: 1 });
    } finally {
      reader.close();
    }
    expect(errors).toEqual([]);
  });

  it('drops captures past maxPendingBytes, counts them, and keeps the ones it holds', () => {
    // Prepare
    const history = open({ maxPendingBytes: 4096 });
    const big = Buffer.alloc(3000, 'x');
    const ids = ['0190f5c2-3333-7000-8000-000000000002', '0190f5c2-3333-7000-8000-000000000003'];

    // Act
    for (const id of ids) history.captured(id, encodeFrameParts(captureMeta({ id }), [big], []), Date.now());
    history.close();
    writer = undefined;

    // Assess
    expect([...storedIds()]).toEqual([ids[0]]);
    expect((errors[0] as Error).message).toMatch(/\b1 captures or delivery outcomes were not recorded/);
  });

  it.runIf(process.platform === 'linux')("runs its thread at the nice value asked for (19 for a gateway's captures)", async () => {
    // Prepare
    const niceOfThreads = (): number[] =>
      readdirSync('/proc/self/task').map((tid) => {
        const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
        // Fields after the command's closing parenthesis; nice is the 19th field of the line.
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
      });

    // Act
    const history = open({ nice: 19 });
    history.record(outcomeFactory(Date.now()));
    history.flush();
    await waitFor(() => niceOfThreads().includes(19), 'a thread at nice 19');

    // Assess
    expect(niceOfThreads().filter((nice) => nice === 19)).toHaveLength(1);
  });

  it('loses nothing on a normal stop, with several batches still in the thread', () => {
    // Prepare: batches of 100, handed over as they fill, and no time for the thread to catch up.
    const history = open({ batchSize: 100 });
    const outcomes = Array.from({ length: 2_500 }, () => outcomeFactory(Date.now()));

    // Act
    for (const [index, outcome] of outcomes.entries()) {
      history.record(outcome);
      if ((index + 1) % 100 === 0) history.flush();
    }
    history.close();

    // Assess
    const stored = storedIds();
    expect(outcomes.filter((outcome) => !stored.has(outcome.id))).toEqual([]);
    expect(stored.size).toBe(2_500);
    expect(errors).toEqual([]);
  });

  it('drops outcomes past maxPending, counts them, and still writes the ones it kept', () => {
    // Prepare
    const history = open({ maxPending: 5 });
    const outcomes = Array.from({ length: 8 }, () => outcomeFactory(Date.now()));

    // Act
    for (const outcome of outcomes) history.record(outcome);
    history.close();

    // Assess: the first five are kept; the drop is reported once, with its count.
    expect(storedIds()).toEqual(new Set(outcomes.slice(0, 5).map((outcome) => outcome.id)));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(Error);
    expect((errors[0] as Error).message).toMatch(/\b3 captures or delivery outcomes were not recorded/);
  });

  it('counts outcomes handed to the thread and not written yet against maxPending', () => {
    // Prepare: a batch handed to the thread; its "written" report cannot arrive before this
    // test yields to the event loop, which it does not.
    const history = open({ maxPending: 4 });
    for (let index = 0; index < 4; index += 1) history.record(outcomeFactory(Date.now()));
    history.flush();

    // Act
    history.record(outcomeFactory(Date.now()));
    history.flush();
    history.close();

    // Assess
    expect(storedIds().size).toBe(4);
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).message).toMatch(/\b1 captures or delivery outcomes were not recorded/);
  });

  it('surfaces a failed write through onError, and goes on writing (the forwarder never sees it thrown)', async () => {
    // Prepare
    const history = open();
    // No state: the history's NOT NULL constraint refuses the row, and with it the batch.
    const broken = { ...outcomeFactory(Date.now()), state: null } as unknown as HistoryOutcome;
    const good = outcomeFactory(Date.now());

    // Act: the thread fails the broken batch, then a good one follows.
    expect(() => history.record(broken)).not.toThrow();
    history.flush();
    await waitFor(() => errors.length > 0, 'the thread to report the failed batch');
    history.record(good);
    history.close();

    // Assess
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(Error);
    expect(storedIds()).toEqual(new Set([good.id]));
  });

  it('fails at once, on the calling thread, when the history file cannot be created', () => {
    // Prepare: the history's folder is a file.
    const blocker = join(dir, 'not-a-folder');
    writeFileSync(blocker, '');

    // Act
    let failure: unknown;
    try {
      writer = HistoryWorkerWriter.open(join(blocker, 'sluice.history.db'), { retentionMs: DAY, maxSizeBytes: 2 ** 20 });
    } catch (error) {
      failure = error;
    }

    // Assess
    expect(writer).toBeUndefined();
    expect(failure).toMatchObject({ code: 'EEXIST' });
  });

  it('reports a thread that could not open the file, and is not waited for on close', async () => {
    // Prepare: the folder turns into a file right after open(), before the thread opens it.
    const folder = join(dir, 'history');
    path = join(folder, 'sluice.history.db');
    const history = open();
    rmSync(folder, { recursive: true, force: true });
    writeFileSync(folder, '');

    // Act
    await waitFor(() => errors.length > 0, 'the thread to report it could not open the file');
    history.record(outcomeFactory(Date.now()));
    history.close();

    // Assess: one error, and close() returned without waiting out its timeout for a thread that is gone.
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(Error);
  });

  it('prunes entries past the retention from its own thread', async () => {
    // Prepare: one entry captured 10 days ago, one now, a retention of 7 days, pruning every 50 ms.
    const history = open({ pruneIntervalMs: 50 });
    const old = outcomeFactory(Date.now() - 10 * DAY);
    const recent = outcomeFactory(Date.now());
    history.record(old);
    history.record(recent);
    history.flush();
    await waitFor(() => storedIds().has(recent.id), 'the batch to be written');

    // Act
    await waitFor(() => !storedIds().has(old.id), 'the old entry to be pruned');
    history.close();

    // Assess
    expect(storedIds()).toEqual(new Set([recent.id]));
    expect(errors).toEqual([]);
  });
});
