import type * as EventBridgeModule from '@aws-sdk/client-eventbridge';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { BadRequestError } from '../core/errors.js';
import { sdkClientConfig, type AwsClientOptions } from './client-options.js';

/** EventBridge refuses a `PutEvents` call whose entries exceed 256 KiB. */
export const EVENTBRIDGE_ENTRY_LIMIT_BYTES = 256 * 1024;

let sdk: Promise<typeof EventBridgeModule> | undefined;

/** Loads the EventBridge SDK on first use. */
function loadEventBridgeSdk(): Promise<typeof EventBridgeModule> {
  sdk ??= import('@aws-sdk/client-eventbridge');
  return sdk;
}

/** The parameters of one `PutEvents` entry, evaluated from a route's `params`. */
export interface EventBridgePutInput {
  readonly Source: string;
  readonly DetailType: string;
  /** JSON text (by default the request body); EventBridge refuses anything else. */
  readonly Detail: string;
  readonly EventBusName?: string;
  /** A JSON array of ARNs as text, or one ARN. */
  readonly Resources?: string;
  /** An RFC 3339 timestamp. */
  readonly Time?: string;
  readonly TraceHeader?: string;
}

/** What the gateway answers after the event is on the bus. */
export interface EventBridgePutReply {
  readonly eventId: string;
}

/**
 * The status an entry's `ErrorCode` stands for, as if the service had refused the whole call:
 * throttling is 429 (so the gateway answers 503 with `Retry-After`), AWS's internal failure
 * 500, anything else (a malformed detail, an access or KMS denial) the entry's fault, 400.
 */
function entryErrorStatus(errorCode: string): number {
  if (errorCode === 'ThrottlingException') return 429;
  if (errorCode === 'InternalFailure' || errorCode === 'InternalException') return 500;
  return 400;
}

/**
 * A `PutEvents` entry EventBridge did not accept (`FailedEntryCount > 0`). The call itself
 * answered 200, so this is shaped like the error the SDK throws for a refused call (`name` is
 * the entry's `ErrorCode`, `$metadata.httpStatusCode` its status) and the gateway's one AWS
 * error mapping treats both alike: never a 200 for an event that is not on the bus.
 */
export class PutEventsEntryError extends Error {
  override readonly name: string;
  readonly $metadata: { readonly httpStatusCode: number };
  readonly $fault: 'client' | 'server';

  constructor(errorCode: string, errorMessage: string) {
    super(errorMessage || errorCode);
    this.name = errorCode;
    const status = entryErrorStatus(errorCode);
    this.$metadata = { httpStatusCode: status };
    this.$fault = status >= 500 || status === 429 ? 'server' : 'client';
  }
}

/**
 * Puts one event on a bus with `PutEvents`. `Detail` must be a JSON object as text; the reply is
 * the event's id. An entry the service failed throws {@link PutEventsEntryError}.
 *
 * @example
 * ```ts
 * const events = new EventBridgeIngest({ region: 'eu-west-1' });
 * await events.put({ Source: 'com.example.orders', DetailType: 'orders', Detail: '{"id":"o-1"}' });
 * // { eventId: '11710aed-b79e-4468-a20b-bb3c0c3b4860' }
 * ```
 */
export class EventBridgeIngest {
  readonly #options: AwsClientOptions;
  #client: Promise<EventBridgeClient> | undefined;

  constructor(options: AwsClientOptions) {
    this.#options = options;
  }

  async put(input: EventBridgePutInput): Promise<EventBridgePutReply> {
    const [client, { PutEventsCommand }] = await Promise.all([this.#eventBridge(), loadEventBridgeSdk()]);
    const answer = await client.send(
      new PutEventsCommand({
        Entries: [
          {
            Source: input.Source,
            DetailType: input.DetailType,
            Detail: input.Detail,
            ...(input.EventBusName !== undefined && { EventBusName: input.EventBusName }),
            ...(input.Resources !== undefined && { Resources: resourceList(input.Resources) }),
            ...(input.Time !== undefined && { Time: timestamp(input.Time) }),
            ...(input.TraceHeader !== undefined && { TraceHeader: input.TraceHeader }),
          },
        ],
      }),
    );
    const entry = answer.Entries?.[0];
    if ((answer.FailedEntryCount ?? 0) > 0 || entry?.ErrorCode !== undefined || entry?.EventId === undefined) {
      throw new PutEventsEntryError(entry?.ErrorCode ?? 'InternalFailure', entry?.ErrorMessage ?? 'PutEvents accepted no entry');
    }
    return { eventId: entry.EventId };
  }

  /** Releases the client's connections. */
  destroy(): void {
    void this.#client?.then((client) => client.destroy());
  }

  #eventBridge(): Promise<EventBridgeClient> {
    this.#client ??= loadEventBridgeSdk().then(({ EventBridgeClient: Client }) => new Client(sdkClientConfig(this.#options)));
    return this.#client;
  }
}

/** `Resources` from a parameter: a JSON array of ARNs, or a single ARN. */
function resourceList(text: string): string[] {
  if (!text.trimStart().startsWith('[')) return [text];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BadRequestError('Resources must be an ARN or a JSON array of ARNs');
  }
  if (!Array.isArray(value) || !value.every((arn) => typeof arn === 'string')) throw new BadRequestError('Resources must be a JSON array of ARNs');
  return value as string[];
}

/** `Time` from a parameter: an RFC 3339 timestamp, refused with 400 before calling when it is not one. */
function timestamp(text: string): Date {
  const time = new Date(text);
  if (Number.isNaN(time.getTime())) throw new BadRequestError('Time must be an RFC 3339 timestamp');
  return time;
}
