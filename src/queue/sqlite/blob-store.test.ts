import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BlobStore } from './blob-store.js';

describe('Class: BlobStore', () => {
  let dir: string;
  let blobs: BlobStore;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-blobs-'));
    blobs = new BlobStore(join(dir, 'queue.db.blobs'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes a payload into a folder it creates, and reads it back intact', async () => {
    // Prepare
    const payload = Buffer.from(Array.from({ length: 300 * 1024 }, (_, index) => (index * 31) & 0xff));

    // Act
    await blobs.write('a', payload);
    const read = await blobs.read('a');

    // Assess
    expect(read?.equals(payload)).toBe(true);
  });

  it('writes chunks in order without a join, on the synchronous and the thread-pool path', async () => {
    // Prepare
    const small = [Buffer.from('head:'), new Uint8Array(0), Buffer.from('body'), Buffer.from('!')];
    const big = Array.from({ length: 1500 }, (_, index) => Buffer.alloc(1024, index & 0xff)); // 1.5 MiB in more chunks than one iovec takes

    // Act
    await blobs.write('small', small);
    await blobs.write('big', big);
    await blobs.write('none', []);

    // Assess
    expect((await blobs.read('small'))?.toString()).toBe('head:body!');
    expect((await blobs.read('big'))?.equals(Buffer.concat(big))).toBe(true);
    expect((await blobs.read('none'))?.length).toBe(0);
  });

  it('refuses to overwrite an existing blob written from chunks', async () => {
    // Prepare
    await blobs.write('a', [Buffer.from('first')]);

    // Act
    const again = blobs.write('a', [Buffer.from('second')]);

    // Assess
    await expect(again).rejects.toMatchObject({ code: 'EEXIST' });
    expect((await blobs.read('a'))?.toString()).toBe('first');
  });

  it('refuses to overwrite an existing blob', async () => {
    // Prepare
    await blobs.write('a', Buffer.from('first'));

    // Act
    const again = blobs.write('a', Buffer.from('second'));

    // Assess
    await expect(again).rejects.toMatchObject({ code: 'EEXIST' });
    expect((await blobs.read('a'))?.toString()).toBe('first');
  });

  it('reads a missing blob as undefined and removes missing ones without error', async () => {
    // Prepare
    await blobs.write('kept', Buffer.from('x'));
    await blobs.write('gone', Buffer.from('y'));

    // Act
    await blobs.remove(['gone', 'never-written']);

    // Assess
    expect(await blobs.read('gone')).toBeUndefined();
    expect(await readdir(blobs.dir)).toEqual(['kept']);
  });

  it('sweeps old files no row refers to', async () => {
    // Prepare
    await blobs.write('referenced', Buffer.from('x'));
    await writeFile(blobs.pathOf('orphan'), 'y');
    await writeFile(blobs.pathOf('recent-orphan'), 'z');
    const old = new Date(Date.now() - 60_000);
    await utimes(blobs.pathOf('referenced'), old, old);
    await utimes(blobs.pathOf('orphan'), old, old);

    // Act
    const removed = await blobs.sweepOrphans((names) => new Set(names.filter((name) => name === 'referenced')), 30_000, Date.now());

    // Assess
    expect(removed).toBe(1);
    expect((await readdir(blobs.dir)).sort()).toEqual(['recent-orphan', 'referenced']);
  });
});
