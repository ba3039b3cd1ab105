import type * as EventBridgeModule from '@aws-sdk/client-eventbridge';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { BadRequestError } from '../../core/errors.js';
import { sdkClientConfig, type AwsClientOptions } from '../client-options.js';
import type { IngestCall, IngestReply, IngestService } from './ingest-service.js';
import { BatchEntryError } from './batch-entry-error.js';

/** EventBridge refuses a `PutEvents` call whose entries exceed 256 KiB. */
export const EVENTBRIDGE_MAX_ENTRY_BYTES = 256 * 1024;

/**
 * `PutEvents` entries carry no `SenderFault`: AWS's internal failure is the service's fault,
 * anything else (a malformed detail, an access or KMS denial) the entry's.
 */
const SERVICE_FAULTS = new Set(['InternalFailure', 'InternalException']);

let sdk: Promise<typeof EventBridgeModule> | undefined;

/** Loads the EventBridge SDK on first use. */
function loadEventBridgeSdk(): Promise<typeof EventBridgeModule> {
  sdk ??= import('@aws-sdk/client-eventbridge');
  return sdk;
}

/**
 * `PutEvents` for `eventbridge` ingest routes: one entry, the body (by default) as its detail,
 * the route's name as its detail type, `Source` from the config, up to EventBridge's 256 KiB.
 * The reply is the event's id: `{"eventId":…}`. An entry the service failed (the call answers
 * 200 with `FailedEntryCount: 1`) is thrown as a {@link BatchEntryError}: never a 200 for
 * an event that is not on the bus. `Resources` is one ARN or a JSON array of them, `Time` an
 * RFC 3339 timestamp.
 *
 * @example
 * ```ts
 * const events = new EventBridgeService({ region: 'eu-west-1' });
 * await events.send({ values: { Source: 'com.example.shop', DetailType: 'orders', Detail: '{"id":"o-1"}' }, body, wholeBody, abortSignal });
 * // { eventId: '11710aed-b79e-4468-a20b-bb3c0c3b4860' }
 * ```
 */
export class EventBridgeService implements IngestService {
  readonly service = 'eventbridge';
  readonly operation = 'PutEvents';
  readonly maxBodyBytes = EVENTBRIDGE_MAX_ENTRY_BYTES;
  readonly #options: AwsClientOptions;
  #client: Promise<EventBridgeClient> | undefined;

  constructor(options: AwsClientOptions) {
    this.#options = options;
  }

  async send(call: IngestCall): Promise<IngestReply> {
    const { values } = call;
    const entry = {
      Source: values.Source,
      DetailType: values.DetailType,
      Detail: values.Detail,
      EventBusName: values.EventBusName,
      Resources: values.Resources === undefined ? undefined : resourceList(values.Resources),
      Time: values.Time === undefined ? undefined : timestamp(values.Time),
      TraceHeader: values.TraceHeader,
    };
    const [client, { PutEventsCommand }] = await Promise.all([this.#eventBridge(), loadEventBridgeSdk()]);
    const answer = await client.send(new PutEventsCommand({ Entries: [entry] }), { abortSignal: call.abortSignal });
    const result = answer.Entries?.[0];
    if ((answer.FailedEntryCount ?? 0) > 0 || result?.ErrorCode !== undefined || result?.EventId === undefined) {
      const errorCode = result?.ErrorCode ?? 'InternalFailure';
      throw new BatchEntryError(errorCode, result?.ErrorMessage ?? 'PutEvents accepted no entry', !SERVICE_FAULTS.has(errorCode));
    }
    return { eventId: result.EventId };
  }

  close(): void {
    void this.#client?.then((client) => client.destroy());
  }

  #eventBridge(): Promise<EventBridgeClient> {
    this.#client ??= loadEventBridgeSdk().then(({ EventBridgeClient: Client }) => new Client(sdkClientConfig(this.#options)));
    return this.#client;
  }
}

/** `Resources`: a JSON array of ARNs, or one ARN. */
function resourceList(text: string): string[] {
  if (!text.trimStart().startsWith('[')) return [text];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BadRequestError('parameter Resources must be an ARN or a JSON array of ARNs');
  }
  if (!Array.isArray(value) || !value.every((arn) => typeof arn === 'string')) throw new BadRequestError('parameter Resources must be a JSON array of ARNs');
  return value as string[];
}

/** `Time`: an RFC 3339 timestamp, refused with 400 before calling when it is not one. */
function timestamp(text: string): Date {
  const time = new Date(text);
  if (Number.isNaN(time.getTime())) throw new BadRequestError('parameter Time must be an RFC 3339 timestamp');
  return time;
}
