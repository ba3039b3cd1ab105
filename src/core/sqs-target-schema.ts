/** The `sqs` ingest target (issue 13): `SendMessage` to `queue_url`, the body as the message. */
import { z } from 'zod';
import { ingestParamsSchema } from './ingest-params-schema.js';
import { nonEmpty } from './schema-primitives.js';

/** @internal */
export const sqsTargetSchema = z.strictObject({
  type: z.literal('sqs'),
  /** The queue's URL; a mapping value too (`https://…/${request.path.queue}`). */
  queue_url: nonEmpty.optional(),
  params: ingestParamsSchema,
});
