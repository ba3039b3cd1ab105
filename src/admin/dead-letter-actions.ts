import { z } from 'zod';
import { InvalidArgumentError } from '../core/errors.js';
import type { DeadLetterQueue } from '../queue/types.js';
import { DEAD_LETTER_FILTER_PARAMS, deadLetterFilter, isEmptyFilter, type DeadLetterFilter } from './dead-letter-filter.js';
import { applyToMatching } from './dead-letter-scan.js';

const filterSchema = z.strictObject(Object.fromEntries(DEAD_LETTER_FILTER_PARAMS.map((name) => [name, z.string().max(1000).optional()])));
const asOfSchema = z.number().int().nonnegative().optional();

/**
 * The body of `POST /api/dlq/redrive` and `/api/dlq/purge`: some ids, every one, or every one
 * matching a filter (the query parameters of `GET /api/dlq`). `as_of` (a listing's `as_of`)
 * bounds `all` and `filter` to the letters dead-lettered by then.
 */
export const deadLetterSelectionSchema = z.union([
  z.strictObject({ ids: z.array(z.string().min(1).max(200)).min(1).max(1000) }),
  z.strictObject({ all: z.literal(true), as_of: asOfSchema }),
  z.strictObject({ filter: filterSchema, as_of: asOfSchema }),
]);

/** A selection once read: ids, or a filter (empty for every letter) with its time bound. */
export type DeadLetterSelection = { readonly ids: readonly string[] } | { readonly filter: DeadLetterFilter; readonly asOf?: number };

/** What a redrive or purge did. */
export interface DeadLetterActionResult {
  /** How many were moved (redrive) or deleted (purge). */
  readonly count: number;
  /** Ids asked for that are not dead letters (already redriven, purged, or never were). */
  readonly missing: readonly string[];
  /** For a filter (or `all`): the time bound the operation kept to, epoch milliseconds. */
  readonly asOf?: number;
}

/**
 * Reads a selection from a request body.
 *
 * @throws InvalidArgumentError (400) unless it is `{ ids: [...] }`, `{ all: true }` or
 *   `{ filter: {...} }` with a filter that parses.
 * @example
 * ```ts
 * parseDeadLetterSelection({ filter: { route: 'users', status: '5xx' } }, Date.now()); // { filter: { route: 'users', status: { class: 5 } } }
 * ```
 */
export function parseDeadLetterSelection(body: unknown, now: number): DeadLetterSelection {
  const parsed = deadLetterSelectionSchema.safeParse(body);
  if (!parsed.success) {
    throw new InvalidArgumentError(
      `expected { "ids": ["…"] } (1 to 1000 ids), { "all": true } or { "filter": { … } } with ${DEAD_LETTER_FILTER_PARAMS.join(', ')}`,
    );
  }
  const selection = parsed.data;
  if ('ids' in selection) return { ids: selection.ids };
  const asOf = selection.as_of;
  // Ages (`since=1h`) are read at `as_of` when given, as the listing that counted the matches read them.
  const filter = 'filter' in selection ? deadLetterFilter(toParams(selection.filter), asOf ?? now) : {};
  // As with `sluice dlq purge --all`: a filter left empty by mistake must never empty the queue.
  if ('filter' in selection && isEmptyFilter(filter)) throw new InvalidArgumentError('the filter is empty: pass { "all": true } to mean every dead letter');
  return { filter, ...(asOf !== undefined && { asOf }) };
}

/**
 * Redrives or purges the selected dead letters. A filter (or `all`) goes over the whole queue
 * in bounded steps, and only to letters dead-lettered by its bound (see {@link applyToMatching}).
 *
 * @example
 * ```ts
 * await applyToDeadLetters(queue.dlq, 'redrive', { ids: ['0190…'] }); // { count: 1, missing: [] }
 * ```
 */
export async function applyToDeadLetters(dlq: DeadLetterQueue, action: 'redrive' | 'purge', selection: DeadLetterSelection): Promise<DeadLetterActionResult> {
  if ('ids' in selection) {
    const found: string[] = [];
    const missing: string[] = [];
    for (const id of new Set(selection.ids)) ((await dlq.get(id)) === undefined ? missing : found).push(id);
    const count = found.length === 0 ? 0 : action === 'redrive' ? await dlq.redrive(found) : await dlq.purge(found);
    return { count, missing };
  }
  const { count, asOf } = await applyToMatching(dlq, action, selection.filter, { ...(selection.asOf !== undefined && { asOf: selection.asOf }) });
  return { count, missing: [], asOf };
}

function toParams(values: Readonly<Record<string, string | undefined>>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) if (value !== undefined) params.set(name, value);
  return params;
}
