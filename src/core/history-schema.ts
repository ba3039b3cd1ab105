import { z } from 'zod';
import { bytes, duration } from './schema-primitives.js';

/**
 * The defaults of the history store (issue 14 §1): a week of delivered records, at most 1 GiB.
 *
 * @example
 * ```ts
 * import { historyDefaults } from './history-schema.js';
 * historyDefaults.retention_ms; // 7 days
 * ```
 */
export const historyDefaults = {
  retention_ms: 7 * 86_400_000,
  max_size_bytes: 1024 * 1024 * 1024,
} as const;

const historyObjectSchema = z.strictObject({
  /** Entries older than this (by capture time) are pruned. */
  retention: duration().default(historyDefaults.retention_ms),
  /** The most space the history's records may take; the oldest go first beyond it. */
  max_size: bytes().default(historyDefaults.max_size_bytes),
});

/**
 * `history`: `false` turns the store off, a mapping bounds it; absent, it is on with the
 * defaults. It only applies to the embedded queue (an SQS deployment keeps none).
 *
 * @example
 * ```ts
 * historySchema.parse({ retention: '2d' }); // { retention: 172800000, max_size: 1073741824 }
 * historySchema.parse(false); // false
 * ```
 */
export const historySchema = z
  .unknown()
  .transform((value, ctx): false | z.output<typeof historyObjectSchema> => {
    if (value === false) return false;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      ctx.addIssue({ code: 'custom', message: 'expected false or a mapping such as { retention: 7d, max_size: 1GiB }' });
      return z.NEVER;
    }
    // Parsed here rather than in a union so a bad bound is reported at its own key path.
    const result = historyObjectSchema.safeParse(value);
    if (result.success) return result.data;
    for (const issue of result.error.issues) ctx.addIssue(issue as z.core.$ZodRawIssue);
    return z.NEVER;
  })
  .default({ retention: historyDefaults.retention_ms, max_size: historyDefaults.max_size_bytes });

/** The parsed `history` setting: `false`, or its bounds in milliseconds and bytes. */
export type HistoryConfig = z.output<typeof historySchema>;
