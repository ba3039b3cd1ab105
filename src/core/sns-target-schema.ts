/** The `sns` ingest target (issue 13): `Publish` to `topic_arn`, the body as the message. */
import { z } from 'zod';
import { ingestParamsSchema } from './ingest-params-schema.js';
import { nonEmpty } from './schema-primitives.js';

/** @internal */
export const snsTargetSchema = z.strictObject({
  type: z.literal('sns'),
  /** The topic's ARN; a mapping value too. */
  topic_arn: nonEmpty.optional(),
  params: ingestParamsSchema,
});
