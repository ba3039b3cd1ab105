import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InListStatement } from './in-list.js';

describe('Class: InListStatement', () => {
  let db: Database.Database;

  beforeEach(() => {
    db = new Database(':memory:');
    db.exec('CREATE TABLE t (k INTEGER PRIMARY KEY, name TEXT NOT NULL, mark TEXT)');
    const insert = db.prepare('INSERT INTO t (k, name) VALUES (?, ?)');
    for (let k = 1; k <= 200; k += 1) insert.run(k, `n${k}`);
  });

  afterEach(() => {
    db.close();
  });

  it.each([
    { description: 'one key', keys: [7] },
    { description: 'a list between two buckets', keys: [1, 2, 3, 4, 5] },
    { description: 'a list longer than one chunk', keys: Array.from({ length: 150 }, (_, index) => index + 20) },
  ])('runs over $description, with the fixed parameters first', ({ keys }) => {
    // Prepare
    const mark = new InListStatement(db, 'UPDATE t SET mark = ? WHERE k IN (?…)');

    // Act
    const changes = mark.run(['x'], keys);

    // Assess
    expect(changes).toBe(keys.length);
    const marked = db.prepare("SELECT k FROM t WHERE mark = 'x' ORDER BY k").pluck().all();
    expect(marked).toEqual([...keys].sort((a, b) => a - b));
  });

  it('returns the single RETURNING column of every row, text keys included', () => {
    // Prepare
    const remove = new InListStatement(db, 'DELETE FROM t WHERE name IN (?…) RETURNING k');

    // Act
    const removed = remove.pluck<number>([], ['n3', 'n1', 'n2', 'missing']);

    // Assess
    expect(removed.sort()).toEqual([1, 2, 3]);
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(197);
  });

  it('refuses SQL without the list marker, and pluck() on a statement without RETURNING', () => {
    // Prepare
    const update = new InListStatement(db, 'UPDATE t SET mark = ? WHERE k IN (?…)');

    // Act
    const noMarker = () => new InListStatement(db, 'DELETE FROM t WHERE k = ?');
    const pluck = () => update.pluck([], [1]);

    // Assess
    expect(noMarker).toThrow(TypeError);
    expect(pluck).toThrow(TypeError);
  });
});
