import { z } from 'zod';
import { parseBytes, parseDuration } from './units.js';

/**
 * Schema pieces shared by every part of the configuration, so a size, a duration or a URL is
 * parsed and explained the same way wherever it appears.
 *
 * @example
 * ```ts
 * z.strictObject({ timeout: duration().default(30_000), url: httpUrl });
 * ```
 */
export const bytes = (what = 'a size in bytes (e.g. 1048576 or "1MiB")') =>
  z.union([z.number(), z.string()]).transform((value, ctx) => {
    const parsed = parseBytes(value);
    if (parsed === undefined) {
      ctx.addIssue({ code: 'custom', message: `expected ${what}, got ${JSON.stringify(value)}` });
      return z.NEVER;
    }
    return parsed;
  });

export const duration = (what = 'a duration (e.g. 1500 ms or "30s", "15m", "4d")') =>
  z.union([z.number(), z.string()]).transform((value, ctx) => {
    const parsed = parseDuration(value);
    if (parsed === undefined) {
      ctx.addIssue({ code: 'custom', message: `expected ${what}, got ${JSON.stringify(value)}` });
      return z.NEVER;
    }
    return parsed;
  });

export const httpUrl = z.string().refine(
  (value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      return false;
    }
  },
  { message: 'expected an absolute http:// or https:// URL' },
);

export const nonEmpty = z.string().min(1, 'expected a non-empty string');

/**
 * The error of a discriminated union whose discriminant is missing or unknown, listing the values
 * it takes from the same list the union is built from, so the message cannot fall behind it.
 *
 * @example
 * ```ts
 * z.discriminatedUnion('driver', QUEUE_SCHEMAS, { error: expectedOneOf('driver', ['sqlite', 'sqs']) });
 * // 'expected driver to be one of: sqlite, sqs'; with 'required: ' in front when the whole value is missing
 * ```
 */
export function expectedOneOf(key: string, values: readonly string[]): (issue: { readonly input?: unknown }) => string {
  const expected = `expected ${key} to be one of: ${values.join(', ')}`;
  return (issue) => (issue.input === undefined ? `required: ${expected}` : expected);
}
