import { chmod, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Logger } from '../../telemetry/logger.js';
import { silentLogger } from '../../telemetry/logger.js';
import { openSqliteDatabase } from './schema.js';
import { SqliteQueue } from './sqlite-queue.js';

/** The permission bits of a file or folder. */
async function modeOf(path: string): Promise<number> {
  return (await stat(path)).mode & 0o777;
}

/** Issue #10, point 5: data files were created 0644 in a 0755 folder, and deleted records stayed in free pages. */
describe('#10 - SqliteQueue files', () => {
  let dir: string;
  let umask: number;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-files-'));
    // The most permissive umask: what the files get must come from Sluice, not from it.
    umask = process.umask(0);
  });

  afterEach(async () => {
    process.umask(umask);
    await rm(dir, { recursive: true, force: true });
  });

  describe('modes', () => {
    it('creates the data folder and blob folder 0700, and the database, WAL, SHM and blob files 0600, whatever the umask', async () => {
      // Prepare
      const data = join(dir, 'new', 'data');
      const path = join(data, 'sluice.db');
      const queue = new SqliteQueue({ path, offload_threshold: 16 });

      // Act
      await queue.send({ body: 'a payload over the offload threshold' });
      const blobs = join(data, 'sluice.db.blobs');
      const [blob] = await readdir(blobs);
      const modes = {
        data: await modeOf(data),
        database: await modeOf(path),
        wal: await modeOf(`${path}-wal`),
        shm: await modeOf(`${path}-shm`),
        blobs: await modeOf(blobs),
        blob: await modeOf(join(blobs, blob!)),
      };
      await queue.close();

      // Assess
      expect(modes).toEqual({ data: 0o700, database: 0o600, wal: 0o600, shm: 0o600, blobs: 0o700, blob: 0o600 });
    });

    it('tightens the files of an existing queue and warns about a data folder others can read, leaving it as it is', async () => {
      // Prepare
      const path = join(dir, 'sluice.db');
      await new SqliteQueue({ path, offload_threshold: 16 }).send({ body: 'a payload over the offload threshold' });
      await chmod(dir, 0o755);
      await chmod(path, 0o644);
      await chmod(`${path}.blobs`, 0o755);
      const warn = vi.fn();
      const logger = { ...silentLogger(), warn } as unknown as Logger;

      // Act
      const queue = new SqliteQueue({ path }, { logger });
      const modes = { data: await modeOf(dir), database: await modeOf(path), blobs: await modeOf(`${path}.blobs`) };
      await queue.close();

      // Assess
      expect(modes).toEqual({ data: 0o755, database: 0o600, blobs: 0o700 });
      expect(warn).toHaveBeenCalledWith(expect.objectContaining({ path: dir, mode: '0755' }), expect.any(String));
    });

    it('says nothing about a private data folder', async () => {
      // Prepare
      await chmod(dir, 0o700);
      const warn = vi.fn();
      const logger = { ...silentLogger(), warn } as unknown as Logger;

      // Act
      const queue = new SqliteQueue({ path: join(dir, 'sluice.db') }, { logger });
      await queue.close();

      // Assess
      expect(warn).not.toHaveBeenCalled();
    });
  });

  describe('secure_delete', () => {
    const MARKER = 'SLUICE-DELETED-RECORD-MARKER';

    it('leaves no byte of a delivered record in the database file', async () => {
      // Prepare
      const path = join(dir, 'sluice.db');
      const queue = new SqliteQueue({ path });
      await queue.send({ body: Buffer.from(`{"secret":"${MARKER}"}`) });
      const [message] = await queue.receive({ visibilityTimeoutMs: 30_000 });

      // Act
      await queue.delete(message!.receiptHandle);
      // The last connection to close checkpoints the WAL into the file and removes it.
      await queue.close();
      const bytes = await readFile(path);

      // Assess
      expect(bytes.includes(MARKER)).toBe(false);
    });

    it('is what removes it: with secure_delete off, the same delete leaves the record in a free page', async () => {
      // Prepare
      const path = join(dir, 'control.db');
      const db = openSqliteDatabase(path, 5_000);
      db.pragma('secure_delete = OFF');
      db.prepare("INSERT INTO messages (id, body, sent_at, enqueued_at, visible_at) VALUES ('m1', ?, 0, 0, 0)").run(Buffer.from(`{"secret":"${MARKER}"}`));

      // Act
      db.prepare("DELETE FROM messages WHERE id = 'm1'").run();
      db.close();
      const bytes = await readFile(path);

      // Assess
      expect(bytes.includes(MARKER)).toBe(true);
    });
  });

  it('creates a data folder of several levels with the parents it makes private too', async () => {
    // Prepare
    const path = join(dir, 'a', 'b', 'sluice.db');

    // Act
    const queue = new SqliteQueue({ path });
    await queue.close();

    // Assess
    expect([await modeOf(join(dir, 'a')), await modeOf(join(dir, 'a', 'b'))]).toEqual([0o700, 0o700]);
  });
});
