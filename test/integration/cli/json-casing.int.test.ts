import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dlqList, dlqShow } from '../../../src/cli/dlq.js';
import { loadConfig } from '../../../src/cli/load-config.js';
import { startupSummary } from '../../../src/cli/startup-summary.js';
import { runStatus } from '../../../src/cli/status.js';
import type { SluiceConfig } from '../../../src/core/config-schema.js';
import { SqliteQueue } from '../../../src/queue/sqlite/sqlite-queue.js';
import { captureIo } from '../../helpers/capture-io.js';
import { deadLetterRecords } from '../../helpers/dead-letter-fixtures.js';

const SNAKE_CASE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;

/** The record's fields that hold what the client and the API sent (header names, JSON bodies): data, not Sluice's keys. */
const USER_DATA = new Set(['query', 'body', 'response', 'request_headers', 'response_headers']);

/** Every key Sluice chose in a JSON document, with its path. */
function keysOf(value: unknown, path = '$'): { path: string; key: string }[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => keysOf(item, `${path}[${index}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, item]) => [{ path, key }, ...(USER_DATA.has(key) ? [] : keysOf(item, `${path}.${key}`))]);
}

describe('Command line: one casing in every JSON output', () => {
  let dir: string;
  let config: SluiceConfig;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sluice-casing-'));
    config = await loadConfig({ data: dir, upstream: 'http://127.0.0.1:9', destination: 'http://127.0.0.1:9/in' }, {});
    const queue = new SqliteQueue({ path: join(dir, 'sluice.db') });
    await deadLetterRecords(queue, 2);
    await queue.close();
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('#10 - every key of status --json, dlq list --json, dlq show --json and the startup summary is snake_case', async () => {
    // Prepare
    const status = captureIo();
    const list = captureIo();
    const show = captureIo();

    // Act
    await runStatus(config, { json: true }, status.io);
    await dlqList(config, { json: true }, list.io);
    const [first] = JSON.parse(list.stdout()) as { id: string }[];
    await dlqShow(config, first!.id, { json: true }, show.io);
    const documents = {
      status: JSON.parse(status.stdout()) as unknown,
      dlq_list: JSON.parse(list.stdout()) as unknown,
      dlq_show: JSON.parse(show.stdout()) as unknown,
      startup_summary: startupSummary(config, [{ name: 'gateway', address: '127.0.0.1:8080' }]),
    };

    // Assess
    const keys = keysOf(documents);
    expect(keys.length).toBeGreaterThan(40);
    expect(keys.filter(({ key }) => !SNAKE_CASE.test(key))).toEqual([]);
  });
});
