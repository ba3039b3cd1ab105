/**
 * The `s3` ingest target (issue 13): `PutObject` into `bucket` under `key` (a template, by
 * default the request id), the body as sent with its Content-Type kept.
 */
import { z } from 'zod';
import { ingestParamsSchema } from './ingest-params-schema.js';
import { nonEmpty } from './schema-primitives.js';

/** @internal */
export const s3TargetSchema = z.strictObject({
  type: z.literal('s3'),
  /** The bucket's name; a mapping value too. */
  bucket: nonEmpty.optional(),
  /** The object's key in mapping syntax, e.g. `uploads/${request.header.x-user}/${context.requestId}`. */
  key: nonEmpty.optional(),
  params: ingestParamsSchema,
});
