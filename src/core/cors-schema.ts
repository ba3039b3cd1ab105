/**
 * A route's `cors` (SPEC §4), with the keys and meaning of API Gateway HTTP APIs' CORS
 * configuration, so a route behaves the same locally and once synthesized.
 */
import { z } from 'zod';
import { duration } from './schema-primitives.js';

/** Defaults of a `cors` block. */
export const corsDefaults = {
  /** The route's `match.methods` when it names them; these otherwise (the methods a route can receive). */
  allow_methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as string[],
  /** Only the CORS-safelisted request headers: name `authorization` or `content-type` to allow them. */
  allow_headers: [] as string[],
  expose_headers: [] as string[],
  allow_credentials: false,
} as const;

/** `scheme://host[:port]`, exactly as a browser sends it in `Origin` (lowercase, no path). */
const ORIGIN = /^https?:\/\/(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/;

const origin = z.string().refine((value) => value === '*' || ORIGIN.test(value), {
  message: 'expected "*" or an origin such as "https://app.example.com" (scheme, host and port only, lowercase)',
});

// RFC 9110 §5.1: a field name is a token.
const headerName = z.string().regex(/^(?:\*|[!#$%&'*+.^_`|~0-9A-Za-z-]+)$/, 'expected a header name or "*"');
const method = z
  .string()
  .regex(/^(?:\*|[A-Za-z]+)$/, 'expected a method name or "*"')
  .transform((name) => (name === '*' ? name : name.toUpperCase()));

/** @internal */
export const corsSchema = z
  .strictObject({
    allow_origins: z.array(origin).min(1, 'expected at least one origin'),
    allow_methods: z.array(method).min(1, 'expected at least one method').optional(),
    allow_headers: z.array(headerName).default(corsDefaults.allow_headers),
    expose_headers: z.array(headerName).default(corsDefaults.expose_headers),
    /** How long browsers may cache a preflight's answer; unset, they decide (5 s in Chromium). */
    max_age: duration()
      .refine((ms) => ms <= 86_400_000, {
        message: 'expected at most 1d (browsers cap it lower still)',
      })
      .optional(),
    allow_credentials: z.boolean().default(corsDefaults.allow_credentials),
  })
  .superRefine((cors, ctx) => {
    if (!cors.allow_credentials) return;
    // Fetch §3.3.5: with credentials, a "*" is taken literally, never as a wildcard.
    const wildcards: [keyof typeof cors, readonly string[] | undefined][] = [
      ['allow_origins', cors.allow_origins],
      ['allow_methods', cors.allow_methods],
      ['allow_headers', cors.allow_headers],
      ['expose_headers', cors.expose_headers],
    ];
    for (const [key, values] of wildcards) {
      const index = values?.indexOf('*') ?? -1;
      if (index !== -1) {
        ctx.addIssue({
          code: 'custom',
          message: 'expected no "*" with allow_credentials: true (browsers refuse the wildcard with credentials); list the values',
          path: [key, index],
        });
      }
    }
  });
