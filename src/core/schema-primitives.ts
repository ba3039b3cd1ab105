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
