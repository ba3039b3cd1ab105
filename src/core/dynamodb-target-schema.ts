/**
 * The `dynamodb` target of a route (SPEC §4, issue 13): each request's JSON body becomes one
 * item (`PutItem`), plain JSON marshalled to DynamoDB's types.
 */
import { z } from 'zod';
import { nonEmpty } from './schema-primitives.js';

/** @internal */
export const dynamodbTargetSchema = z.strictObject({
  type: z.literal('dynamodb'),
  /** The table's name (or a mapping). */
  table: nonEmpty,
  /** `PutItem` parameters in API Gateway mapping syntax, e.g. `ConditionExpression: attribute_not_exists(id)`. */
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
});
