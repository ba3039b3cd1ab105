import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempQueues, type TempQueues } from './temp-queue.js';

const THRESHOLD = 1024;

function payload(size: number, seed = 1): Buffer {
  return Buffer.from(Array.from({ length: size }, (_, index) => (index * 7 + seed) & 0xff));
}

describe('Class: SqliteQueue (large payloads)', () => {
  let temp: TempQueues;
  let blobDir: string;

  beforeEach(async () => {
    temp = await tempQueues();
    blobDir = `${temp.path}.blobs`;
  });

  afterEach(async () => {
    await temp.cleanup();
  });

  it('keeps payloads up to the threshold in the row and larger ones in the blob folder', async () => {
    // Prepare
    const queue = temp.open({ offload_threshold: THRESHOLD });

    // Act
    const small = await queue.send({ body: payload(THRESHOLD) });
    const large = await queue.send({ body: payload(THRESHOLD + 1) });

    // Assess
    const files = await readdir(blobDir);
    expect(files).toHaveLength(1);
    const db = new Database(temp.path, { readonly: true });
    const rows = db.prepare('SELECT id, body IS NULL AS offloaded, blob FROM messages').all() as { id: string; offloaded: number; blob: string | null }[];
    db.close();
    expect(rows).toEqual(
      expect.arrayContaining([
        { id: small, offloaded: 0, blob: null },
        { id: large, offloaded: 1, blob: files[0] },
      ]),
    );
  });

  it('weighs a chunked payload by its total: small ones stay in the row, large ones land in one file, in order', async () => {
    // Prepare
    const queue = temp.open({ offload_threshold: THRESHOLD });
    const smallChunks = [payload(THRESHOLD / 2, 1), payload(THRESHOLD / 2, 2)];
    const largeChunks = [payload(THRESHOLD / 2, 3), payload(THRESHOLD, 4), payload(3, 5)];

    // Act
    const small = await queue.send({ body: smallChunks });
    const large = await queue.send({ body: largeChunks });

    // Assess
    const files = await readdir(blobDir);
    expect(files).toHaveLength(1);
    const stored = await readFile(join(blobDir, files[0]!));
    expect(stored.equals(Buffer.concat(largeChunks))).toBe(true);
    const received = await queue.receive({ maxMessages: 2 });
    const byId = new Map(received.map((message) => [message.id, message.body]));
    expect(byId.get(small)?.equals(Buffer.concat(smallChunks))).toBe(true);
    expect(byId.get(large)?.equals(Buffer.concat(largeChunks))).toBe(true);
  });

  it('delivers an offloaded payload intact and removes its file with the message', async () => {
    // Prepare
    const queue = temp.open({ offload_threshold: THRESHOLD });
    const body = payload(300 * 1024);
    const id = await queue.send({ body });
    const [message] = await queue.receive();

    // Act
    await queue.delete(message?.receiptHandle as string);

    // Assess
    expect(message?.id).toBe(id);
    expect(message?.body.equals(body)).toBe(true);
    expect(await readdir(blobDir)).toEqual([]);
  });

  it('sends offloaded payloads in a batch', async () => {
    // Prepare
    const queue = temp.open({ offload_threshold: THRESHOLD });
    const bodies = [payload(10), payload(5000, 2), payload(6000, 3)];

    // Act
    const ids = await queue.sendBatch(bodies.map((body) => ({ body })));
    const messages = await queue.receive({ maxMessages: 10 });

    // Assess
    expect(await readdir(blobDir)).toHaveLength(2);
    for (const [index, id] of ids.entries()) {
      expect(messages.find((message) => message.id === id)?.body.equals(bodies[index] as Buffer)).toBe(true);
    }
  });

  it('removes the file of a send that failed (duplicate id)', async () => {
    // Prepare
    const queue = temp.open({ offload_threshold: THRESHOLD });
    await queue.send({ body: payload(5000), id: 'same' });

    // Act
    const duplicate = queue.send({ body: payload(5000, 9), id: 'same' });

    // Assess
    await expect(duplicate).rejects.toMatchObject({ code: 'SLUICE_QUEUE_ERROR' });
    expect(await readdir(blobDir)).toHaveLength(1);
  });

  it('keeps the file for a dead letter, through redrive, and removes it on purge', async () => {
    // Prepare
    const queue = temp.open({ offload_threshold: THRESHOLD, max_receive_count: 1 });
    const body = payload(4096);
    const id = await queue.send({ body });
    const [first] = await queue.receive();
    await queue.changeVisibility(first?.receiptHandle as string, 0, 'failed');
    expect(await queue.receive()).toEqual([]); // out of receives: dead-lettered

    // Act
    const letter = await queue.dlq.get(id);
    const listed = await queue.dlq.list();
    await queue.dlq.redrive([id]);
    const [again] = await queue.receive();
    await queue.deadLetter(again?.receiptHandle as string, 'abort');
    const filesBeforePurge = await readdir(blobDir);
    const purged = await queue.dlq.purge([id]);

    // Assess
    expect(letter?.body.equals(body)).toBe(true);
    expect(listed[0]?.body.equals(body)).toBe(true);
    expect(again?.body.equals(body)).toBe(true);
    expect(filesBeforePurge).toHaveLength(1);
    expect(purged).toBe(1);
    expect(await readdir(blobDir)).toEqual([]);
  });

  it('purging every dead letter removes every file', async () => {
    // Prepare
    const queue = temp.open({ offload_threshold: THRESHOLD });
    await queue.sendBatch([{ body: payload(2000) }, { body: payload(3000) }, { body: 'small' }]);
    for (const message of await queue.receive({ maxMessages: 3 })) await queue.deadLetter(message.receiptHandle, 'abort');

    // Act
    const purged = await queue.dlq.purge();

    // Assess
    expect(purged).toBe(3);
    expect(await readdir(blobDir)).toEqual([]);
  });

  it('dead-letters a message whose payload file disappeared instead of delivering it', async () => {
    // Prepare
    const queue = temp.open({ offload_threshold: THRESHOLD });
    const id = await queue.send({ body: payload(2000) });
    const [file] = await readdir(blobDir);
    await rm(join(blobDir, file as string));

    // Act
    const received = await queue.receive();

    // Assess
    expect(received).toEqual([]);
    expect(await queue.dlq.get(id)).toMatchObject({ id, lastError: expect.stringContaining('missing') });
  });

  it('delivers the rest of a batch when one payload file is missing, and dead-letters that one with the reason', async () => {
    // Prepare
    const queue = temp.open({ offload_threshold: THRESHOLD });
    const [lost, kept, inline] = await queue.sendBatch([{ body: payload(2000) }, { body: payload(3000, 2) }, { body: 'small' }]);
    const db = new Database(temp.path, { readonly: true });
    const lostBlob = db.prepare('SELECT blob FROM messages WHERE id = ?').pluck().get(lost) as string;
    db.close();
    await rm(join(blobDir, lostBlob));

    // Act
    const received = await queue.receive({ maxMessages: 10 });

    // Assess
    expect(received.map((message) => message.id).sort()).toEqual([kept, inline].sort());
    expect(received.find((message) => message.id === kept)?.body.equals(payload(3000, 2))).toBe(true);
    expect(await queue.dlq.get(lost as string)).toMatchObject({ id: lost, receiveCount: 1, lastError: expect.stringContaining(lostBlob) });
    expect(await queue.stats()).toMatchObject({ visible: 0, inFlight: 2, dlqDepth: 1 });
  });

  it('removes old orphan files on open, sparing recent ones and files a message points at', async () => {
    // Prepare
    const writer = temp.open({ offload_threshold: THRESHOLD });
    await writer.send({ body: payload(2000) });
    await writer.close();
    const [referenced] = await readdir(blobDir);
    await mkdir(blobDir, { recursive: true });
    await writeFile(join(blobDir, 'orphan-old'), 'x');
    await writeFile(join(blobDir, 'orphan-new'), 'x');
    const tenMinutesAgo = new Date(Date.now() - 10 * 60_000);
    await utimes(join(blobDir, 'orphan-old'), tenMinutesAgo, tenMinutesAgo);
    await utimes(join(blobDir, referenced as string), tenMinutesAgo, tenMinutesAgo);

    // Act
    const reader = temp.open({ offload_threshold: THRESHOLD });
    await reader.close(); // waits for the sweep started on open

    // Assess
    expect(existsSync(join(blobDir, 'orphan-old'))).toBe(false);
    expect((await readdir(blobDir)).sort()).toEqual([referenced, 'orphan-new'].sort());
  });

  it('counts orphans removed by an explicit sweep', async () => {
    // Prepare
    const queue = temp.open({ offload_threshold: THRESHOLD }, { orphanBlobAgeMs: 1000 });
    await queue.sweep(); // the one started on open is over
    await mkdir(blobDir, { recursive: true });
    await writeFile(join(blobDir, 'orphan'), 'x');
    const old = new Date(Date.now() - 5000);
    await utimes(join(blobDir, 'orphan'), old, old);

    // Act
    const result = await queue.sweep();

    // Assess
    expect(result.orphanBlobs).toBe(1);
  });
});
