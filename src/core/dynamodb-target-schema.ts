/**
 * The `dynamodb` target of a route (SPEC §4, issue 13): each request's JSON body becomes one
 * item (`PutItem`), plain JSON marshalled to DynamoDB's types.
 */
import { z } from 'zod';
import { ingestParamsSchema } from './ingest-params-schema.js';
import { nonEmpty } from './schema-primitives.js';

/** @internal */
export const dynamodbTargetSchema = z.strictObject({
  type: z.literal('dynamodb'),
  /** The table's name (or a mapping); required (a missing one is reported at its key path when params compile). */
  table: nonEmpty.optional(),
  /** `PutItem` parameters in API Gateway mapping syntax, e.g. `ConditionExpression: attribute_not_exists(id)`. */
  params: ingestParamsSchema,
});
