/**
 * The `kinesis` target of a route (SPEC §4, issue 13): each request becomes one record on a
 * Kinesis data stream (`PutRecord`), the body as its data and the request id as its partition
 * key unless `params` say otherwise.
 */
import { z } from 'zod';
import { ingestParamsSchema } from './ingest-params-schema.js';
import { nonEmpty } from './schema-primitives.js';

/** @internal */
export const kinesisTargetSchema = z.strictObject({
  type: z.literal('kinesis'),
  /** The stream's name (or a mapping such as `${request.path.stream}`); this or `stream_arn`. */
  stream_name: nonEmpty.optional(),
  /** The stream's ARN; this or `stream_name`. */
  stream_arn: nonEmpty.optional(),
  /** `PutRecord` parameters in API Gateway mapping syntax, e.g. `PartitionKey: $request.header.x-device`. */
  params: ingestParamsSchema,
});
