/**
 * What the ingest targets (`sqs`, `sns`, `s3`, …) share in their schemas: `params`, the service
 * API's parameter names valued in API Gateway HTTP API mapping syntax. They are compiled (and
 * any problem reported at its key path) by the config schema, with `compileServiceParams`.
 */
import { z } from 'zod';

/** `params`: parameter name → a mapping value; YAML numbers and booleans are taken as their text. */
export const ingestParamsSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional();
