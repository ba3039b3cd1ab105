/**
 * The `eventbridge` target of a route (SPEC §4, issue 13): each request becomes one event
 * (`PutEvents`), the body as its detail and the route's name as its detail type by default.
 */
import { z } from 'zod';
import { ingestParamsSchema } from './ingest-params-schema.js';
import { nonEmpty } from './schema-primitives.js';

/** @internal */
export const eventbridgeTargetSchema = z.strictObject({
  type: z.literal('eventbridge'),
  /** The event's `Source`, e.g. `com.example.orders`; required (reported at its key path when params compile). */
  source: nonEmpty.optional(),
  /** The event's `DetailType`. @default the route's name */
  detail_type: nonEmpty.optional(),
  /** The bus's name or ARN. @default the account's default bus */
  event_bus_name: nonEmpty.optional(),
  /** `PutEvents` entry parameters in API Gateway mapping syntax, e.g. `Resources: '["${request.header.x-resource}"]'`. */
  params: ingestParamsSchema,
});
