import type Database from 'better-sqlite3';

/** The largest list bound to one statement; longer lists run in chunks. */
const MAX_CHUNK = 64;
/** Placeholder in the SQL text that stands for the bound list. */
const MARKER = '(?…)';

type Value = string | number;

/**
 * A statement over a list of keys (`WHERE seq IN (?, ?, …)`), prepared once per list size
 * bucket (1, 2, 4 … 64) and bound with plain parameters. Binding values is cheaper for SQLite
 * than unpacking a JSON array with `json_each`, and keeps ids byte for byte as the driver binds
 * them elsewhere. A list shorter than its bucket repeats its last key, which `IN` ignores.
 *
 * @internal
 * @example
 * ```ts
 * const hold = new InListStatement(db, 'UPDATE messages SET receipt = ? WHERE seq IN (?…)');
 * hold.run(['token'], [3, 4, 9]); // changes: 3
 * ```
 */
export class InListStatement {
  readonly #db: Database.Database;
  readonly #sql: string;
  readonly #byBucket = new Map<number, Database.Statement<Value[]>>();
  readonly #returning: boolean;

  constructor(db: Database.Database, sql: string) {
    if (!sql.includes(MARKER)) throw new TypeError(`IN-list statement without ${MARKER}: ${sql}`);
    this.#db = db;
    this.#sql = sql;
    this.#returning = /\bRETURNING\b/i.test(sql);
    // Prepared now, so a statement error surfaces when the queue opens rather than mid-flight.
    this.#statement(1);
  }

  /** Runs a statement without RETURNING over `keys` (after the fixed `params`); returns the rows changed. */
  run(params: readonly Value[], keys: readonly Value[]): number {
    let changes = 0;
    this.#chunks(keys, (statement, bound) => {
      changes += statement.run(...params, ...bound).changes;
    });
    return changes;
  }

  /** Runs a statement with one RETURNING column over `keys`; returns that column of every row. */
  pluck<T>(params: readonly Value[], keys: readonly Value[]): T[] {
    if (!this.#returning) throw new TypeError('pluck() needs a statement with RETURNING');
    const values: T[] = [];
    this.#chunks(keys, (statement, bound) => {
      for (const value of statement.all(...params, ...bound) as T[]) values.push(value);
    });
    return values;
  }

  #chunks(keys: readonly Value[], each: (statement: Database.Statement<Value[]>, bound: Value[]) => void): void {
    for (let start = 0; start < keys.length; start += MAX_CHUNK) {
      const chunk = keys.slice(start, start + MAX_CHUNK);
      const bucket = bucketOf(chunk.length);
      const last = chunk[chunk.length - 1] as Value;
      while (chunk.length < bucket) chunk.push(last);
      each(this.#statement(bucket), chunk);
    }
  }

  #statement(bucket: number): Database.Statement<Value[]> {
    let statement = this.#byBucket.get(bucket);
    if (!statement) {
      statement = this.#db.prepare<Value[]>(this.#sql.replace(MARKER, `(${Array.from({ length: bucket }, () => '?').join(', ')})`));
      if (this.#returning) statement.pluck();
      this.#byBucket.set(bucket, statement);
    }
    return statement;
  }
}

function bucketOf(length: number): number {
  let bucket = 1;
  while (bucket < length) bucket *= 2;
  return bucket;
}
