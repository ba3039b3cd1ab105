import { z } from 'zod';
import { InvalidArgumentError } from '../core/errors.js';
import type { DeadLetterQueue } from '../queue/types.js';

/** Dead letters moved or deleted per step of an `all` operation: each step is one short transaction. */
const CHUNK = 500;

/** The body of `POST /api/dlq/redrive` and `/api/dlq/purge`: some ids, or every one. */
export const deadLetterSelectionSchema = z.union([
  z.strictObject({ ids: z.array(z.string().min(1).max(200)).min(1).max(1000) }),
  z.strictObject({ all: z.literal(true) }),
]);

export type DeadLetterSelection = z.infer<typeof deadLetterSelectionSchema>;

/** What a redrive or purge did. */
export interface DeadLetterActionResult {
  /** How many were moved (redrive) or deleted (purge). */
  readonly count: number;
  /** Ids asked for that are not dead letters (already redriven, purged, or never were). */
  readonly missing: readonly string[];
}

/**
 * Reads a selection from a request body.
 *
 * @throws InvalidArgumentError (400) unless it is `{ ids: [...] }` or `{ all: true }`.
 * @example
 * ```ts
 * parseDeadLetterSelection({ all: true }); // { all: true }
 * ```
 */
export function parseDeadLetterSelection(body: unknown): DeadLetterSelection {
  const parsed = deadLetterSelectionSchema.safeParse(body);
  if (!parsed.success) throw new InvalidArgumentError('expected { "ids": ["…"] } (1 to 1000 ids) or { "all": true }');
  return parsed.data;
}

/**
 * Redrives or purges the selected dead letters. `all` goes in chunks, so a large dead-letter
 * queue never holds the queue's lock for long, and takes each id once: a letter that comes back
 * to the dead-letter queue meanwhile is left for the next look.
 *
 * @example
 * ```ts
 * await applyToDeadLetters(queue.dlq, 'redrive', { ids: ['0190…'] }); // { count: 1, missing: [] }
 * ```
 */
export async function applyToDeadLetters(dlq: DeadLetterQueue, action: 'redrive' | 'purge', selection: DeadLetterSelection): Promise<DeadLetterActionResult> {
  const step = (ids: readonly string[]): Promise<number> => (action === 'redrive' ? dlq.redrive(ids) : dlq.purge(ids));
  if ('ids' in selection) {
    const found: string[] = [];
    const missing: string[] = [];
    for (const id of new Set(selection.ids)) ((await dlq.get(id)) === undefined ? missing : found).push(id);
    return { count: found.length === 0 ? 0 : await step(found), missing };
  }
  let count = 0;
  const seen = new Set<string>();
  for (;;) {
    const ids = (await dlq.list({ limit: CHUNK })).map((letter) => letter.id).filter((id) => !seen.has(id));
    if (ids.length === 0) return { count, missing: [] };
    for (const id of ids) seen.add(id);
    count += await step(ids);
  }
}
