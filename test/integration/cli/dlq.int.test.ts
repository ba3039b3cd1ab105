import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dlqList, dlqPurge, dlqRedrive, dlqShow } from '../../../src/cli/dlq.js';
import type { DeadLetterView } from '../../../src/admin/dead-letter-view.js';
import { loadConfig } from '../../../src/cli/load-config.js';
import type { SluiceConfig } from '../../../src/core/config-schema.js';
import { SqliteQueue } from '../../../src/queue/sqlite/sqlite-queue.js';
import { captureIo } from '../../helpers/capture-io.js';
import { runCli } from '../../helpers/cli.js';
import { deadLetterRecords } from '../../helpers/dead-letter-fixtures.js';
import { insertDeadLetters } from '../../helpers/dead-letter-rows.js';
import { captureFrameFactory } from '../../helpers/forwarder-harness.js';

describe('Command: sluice dlq', () => {
  let dir: string;
  let config: SluiceConfig;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sluice-dlq-'));
    config = await loadConfig({ data: dir });
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  async function withQueue<T>(work: (queue: SqliteQueue) => Promise<T>): Promise<T> {
    const queue = new SqliteQueue({ path: join(dir, 'sluice.db') });
    try {
      return await work(queue);
    } finally {
      await queue.close();
    }
  }

  describe('list', () => {
    it('shows attempts, last status, reason and last error of each dead letter', async () => {
      // Prepare
      const [first] = await withQueue((queue) => deadLetterRecords(queue, 1));
      const [second] = await withQueue((queue) =>
        deadLetterRecords(queue, 1, { class: 'timeout', message: 'no complete answer within 10000 ms' }, { attempt: 3 }),
      );
      const out = captureIo();

      // Act
      const code = await dlqList(config, {}, out.io);

      // Assess
      expect(code).toBe(0);
      const lines = out.stdout().trim().split('\n');
      expect(lines[0]).toMatch(/^ID +DEAD-LETTERED +ROUTE +METHOD +ENDPOINT +ATTEMPTS +STATUS +REASON +LAST ERROR$/);
      expect(lines[1]).toMatch(new RegExp(`^${first} +\\S+ ago +users +POST +/api/v1/users +5 +503 +max_attempts +HTTP 503 Service Unavailable$`));
      expect(lines[2]).toMatch(new RegExp(`^${second} +\\S+ ago +users +POST +/api/v1/users +3 +- +max_attempts +no complete answer within 10000 ms$`));
      expect(lines[3]).toBe('2 shown of 2 dead letters');
    });

    it('pages with --limit and --after, and prints JSON for scripts', async () => {
      // Prepare
      const ids = await withQueue((queue) => deadLetterRecords(queue, 5));
      const firstPage = captureIo();
      const secondPage = captureIo();

      // Act
      await dlqList(config, { limit: 2 }, firstPage.io);
      await dlqList(config, { limit: 10, after: ids[1]!, json: true }, secondPage.io);

      // Assess
      expect(firstPage.stdout()).toContain(`next page: sluice dlq list --after ${ids[1]}`);
      const views = JSON.parse(secondPage.stdout()) as DeadLetterView[];
      expect(views.map((view) => view.id)).toEqual(ids.slice(2));
      expect(views[0]).toMatchObject({ attempts: 5, last_status: 503, failure_class: 'server_error', reason: 'max_attempts' });
    });

    it('says so when the DLQ is empty', async () => {
      // Prepare
      await withQueue(async () => {});
      const out = captureIo();

      // Act
      await dlqList(config, {}, out.io);

      // Assess
      expect(out.stdout()).toBe('The dead-letter queue is empty.\n');
    });
  });

  describe('list: which request', () => {
    it('#10 - reads route, method and endpoint from a capture frame as well as from a JSON record', async () => {
      // Prepare
      const frame = captureFrameFactory({ route: 'orders', method: 'DELETE', endpoint: '/api/orders/7' });
      await withQueue(async (queue) => {
        await queue.send({ id: frame.id, body: frame.body });
        const [message] = await queue.receive({ maxMessages: 1 });
        await queue.deadLetter(message!.receiptHandle, 'HTTP 500');
        await deadLetterRecords(queue, 1);
      });
      const out = captureIo();

      // Act
      await dlqList(config, { json: true }, out.io);

      // Assess
      const views = JSON.parse(out.stdout()) as DeadLetterView[];
      expect(views.map(({ route, method, endpoint }) => ({ route, method, endpoint }))).toEqual([
        { route: 'orders', method: 'DELETE', endpoint: '/api/orders/7' },
        { route: 'users', method: 'POST', endpoint: '/api/v1/users' },
      ]);
    });
  });

  describe('show', () => {
    it('prints the times, attempts, last status and error, and the record', async () => {
      // Prepare
      const [id] = await withQueue((queue) => deadLetterRecords(queue, 1));
      const out = captureIo();

      // Act
      const code = await dlqShow(config, id!, {}, out.io);

      // Assess
      expect(code).toBe(0);
      const text = out.stdout();
      expect(text).toMatch(new RegExp(`^id +${id}$`, 'm'));
      expect(text).toMatch(/^attempts +5$/m);
      expect(text).toMatch(/^last status +503 \(server_error\)$/m);
      expect(text).toMatch(/^last error +HTTP 503 Service Unavailable$/m);
      expect(text).toMatch(/^dead-lettered +\d{4}-\d\d-\d\dT.+ ago\)$/m);
      expect(JSON.parse(text.slice(text.indexOf('record:\n') + 'record:\n'.length))).toMatchObject({ id, route: 'users' });
    });

    it('fails with exit code 1 for an unknown id', async () => {
      // Prepare
      await withQueue(async () => {});

      // Act
      const result = await runCli(['dlq', 'show', 'no-such-id', '--data', dir]);

      // Assess
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('no dead letter with id no-such-id');
    });
  });

  describe('redrive', () => {
    it('moves the named dead letters back to the queue after confirmation', async () => {
      // Prepare
      const ids = await withQueue((queue) => deadLetterRecords(queue, 3));
      const out = captureIo({ input: 'y\n' });

      // Act
      const code = await dlqRedrive(config, [ids[0]!, ids[2]!], {}, out.io);

      // Assess
      expect(code).toBe(0);
      expect(out.stderr()).toContain('Redrive 2 dead letters for delivery again? [y/N]');
      expect(out.stdout()).toBe('Redriven 2 dead letters.\n');
      const stats = await withQueue((queue) => queue.stats());
      expect(stats).toMatchObject({ visible: 2, dlqDepth: 1 });
    });

    it('changes nothing when the user declines', async () => {
      // Prepare
      const ids = await withQueue((queue) => deadLetterRecords(queue, 1));
      const out = captureIo({ input: 'n\n' });

      // Act
      const code = await dlqRedrive(config, ids, {}, out.io);

      // Assess
      expect(code).toBe(1);
      expect(out.stderr()).toContain('Cancelled: nothing changed.');
      expect(await withQueue((queue) => queue.stats())).toMatchObject({ visible: 0, dlqDepth: 1 });
    });

    it('redrives everything with --all, in chunks with progress', async () => {
      // Prepare
      await withQueue((queue) => deadLetterRecords(queue, 1_200));
      const out = captureIo();

      // Act
      const code = await dlqRedrive(config, [], { all: true, yes: true }, out.io);

      // Assess
      expect(code).toBe(0);
      expect(out.stdout()).toBe('Redriven 1,200 dead letters.\n');
      expect(out.stderr()).toContain('redriven 1,200 / 1,200 (100%)');
      expect(await withQueue((queue) => queue.stats())).toMatchObject({ visible: 1_200, dlqDepth: 0 });
    });

    it('reports ids that are not dead letters with exit code 1', async () => {
      // Prepare
      const [id] = await withQueue((queue) => deadLetterRecords(queue, 1));
      const out = captureIo();

      // Act
      const code = await dlqRedrive(config, [id!, 'missing-id'], { yes: true }, out.io);

      // Assess
      expect(code).toBe(1);
      expect(out.stdout()).toBe('Redriven 1 dead letter.\n');
      expect(out.stderr()).toContain('no dead letter with id missing-id');
    });

    it('asks for ids or --all', async () => {
      // Act & Assess
      await expect(dlqRedrive(config, [], {}, captureIo().io)).rejects.toMatchObject({ code: 'SLUICE_USAGE' });
    });
  });

  describe('purge', () => {
    it('deletes every dead letter after confirmation', async () => {
      // Prepare
      await withQueue((queue) => deadLetterRecords(queue, 3));
      const out = captureIo({ input: 'yes\n' });

      // Act
      const code = await dlqPurge(config, [], { all: true }, out.io);

      // Assess
      expect(code).toBe(0);
      expect(out.stderr()).toContain('Delete all 3 dead letters permanently? This cannot be undone. [y/N]');
      expect(out.stdout()).toBe('Purged 3 dead letters.\n');
      expect(await withQueue((queue) => queue.stats())).toMatchObject({ dlqDepth: 0, visible: 0 });
    });

    it('deletes only the named dead letters', async () => {
      // Prepare
      const ids = await withQueue((queue) => deadLetterRecords(queue, 3));
      const out = captureIo();

      // Act
      await dlqPurge(config, [ids[1]!], { yes: true }, out.io);

      // Assess
      const left = await withQueue((queue) => queue.dlq.list());
      expect(left.map((letter) => letter.id)).toEqual([ids[0], ids[2]]);
    });

    it('#10 - refuses to delete every dead letter without --all, like redrive', async () => {
      // Prepare
      await withQueue((queue) => deadLetterRecords(queue, 2));

      // Act
      const refused = dlqPurge(config, [], { yes: true }, captureIo().io);

      // Assess
      await expect(refused).rejects.toMatchObject({ code: 'SLUICE_USAGE' });
      expect(await withQueue((queue) => queue.stats())).toMatchObject({ dlqDepth: 2 });
    });

    it('refuses without a terminal and without --yes, with exit code 2', async () => {
      // Prepare
      await withQueue((queue) => deadLetterRecords(queue, 2));

      // Act
      const result = await runCli(['dlq', 'purge', '--all', '--data', dir], { timeoutMs: 60_000 });

      // Assess
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('pass --yes');
      expect(await withQueue((queue) => queue.stats())).toMatchObject({ dlqDepth: 2 });
    });

    it('redrives and purges only the letters matching the filter options, which list shows alike', async () => {
      // Prepare
      await withQueue(async () => undefined);
      const now = Date.now();
      const [order, user, timeout] = insertDeadLetters(join(dir, 'sluice.db'), [
        { meta: { route: 'orders' }, failure: { class: 'client_error', status: 410, message: 'HTTP 410 Gone' }, deadLetteredAt: now - 3_000 },
        { meta: { route: 'users' }, deadLetteredAt: now - 2_000 },
        { meta: { route: 'users' }, failure: { class: 'timeout', message: 'no complete answer within 10000 ms' }, deadLetteredAt: now - 1_000 },
      ]);

      const listed = captureIo();
      const purged = captureIo();

      // Act
      await dlqList(config, { json: true, filter: { route: 'orders', status: { class: 4 } } }, listed.io);
      const redriven = await runCli(['dlq', 'redrive', '--route', 'orders', '--status', '4xx', '--yes', '--data', dir], { timeoutMs: 60_000 });
      await dlqPurge(config, [], { yes: true, filter: { error: 'NO COMPLETE ANSWER' } }, purged.io);
      const both = dlqPurge(config, [user!], { yes: true, filter: { route: 'users' } }, captureIo().io);

      // Assess
      expect(JSON.parse(listed.stdout()).map((view: DeadLetterView) => view.id)).toEqual([order]);
      expect(redriven.stdout).toBe('Redriven 1 dead letter.\n');
      expect(purged.stdout()).toBe('Purged 1 dead letter.\n');
      await expect(both).rejects.toMatchObject({ code: 'SLUICE_USAGE' });
      expect(await withQueue((queue) => queue.dlq.list())).toEqual([expect.objectContaining({ id: user })]);
      expect(await withQueue((queue) => queue.receive({ maxMessages: 10 }))).toEqual([expect.objectContaining({ id: order })]);
      expect(await withQueue((queue) => queue.dlq.get(timeout!))).toBeUndefined();
    });

    it('purges from the command line with --yes', async () => {
      // Prepare
      await withQueue((queue) => deadLetterRecords(queue, 2));

      // Act
      const result = await runCli(['dlq', 'purge', '--all', '--yes', '--data', dir], { timeoutMs: 60_000 });

      // Assess
      expect(result.code).toBe(0);
      expect(result.stdout).toBe('Purged 2 dead letters.\n');
    });
  });
});
