/**
 * One AWS service an ingest route puts requests into, behind one interface: the gateway's
 * `IngestTarget` reads the body, evaluates the route's `params` and hands the values here; the
 * service builds its SDK command, sends it and says what to answer. A new service is one file
 * implementing {@link IngestService} and a `case` in the gateway's `createIngestService`.
 */
import type { IngestService as IngestServiceName } from '../../core/ingest/service-params.js';

/** One request's call, as the target hands it to the service. */
export interface IngestCall {
  /** The evaluated parameters, by the service API's names; those that came out empty are absent. */
  readonly values: Readonly<Record<string, string>>;
  /** The body as received. */
  readonly body: Buffer;
  /**
   * The parameters whose value is exactly `$request.body`: a service that carries bytes (S3
   * `Body`, Kinesis `Data`) sends `body` for them, never its UTF-8 text.
   */
  readonly wholeBody: ReadonlySet<string>;
  /** Aborts the call when the route's timeout passes. */
  readonly abortSignal: AbortSignal;
}

/** What the client is told on success: a small JSON object naming what the service returned. */
export type IngestReply = Readonly<Record<string, string | number | undefined>>;

/**
 * A service an ingest route calls.
 *
 * @example
 * ```ts
 * const service: IngestService = new SqsService({ region: 'eu-west-1' });
 * const reply = await service.send({ values: { QueueUrl, MessageBody: '{"id":7}' }, body, wholeBody: new Set(['MessageBody']), abortSignal });
 * // { messageId: '…' }
 * ```
 */
export interface IngestService {
  readonly service: IngestServiceName;
  /** The API action, for errors and logs (`SendMessage`, `Publish`, `PutObject`…). */
  readonly operation: string;
  /** The largest body the service takes (413 before calling it); undefined: the route's limit. */
  readonly maxBodyBytes: number | undefined;
  /**
   * Sends one call. Rejects with `BadRequestError` for a parameter value the request made
   * invalid (before calling AWS), or with what the SDK threw (the target maps it).
   */
  send(call: IngestCall): Promise<IngestReply>;
  /** Finishes or fails what it holds and releases the client's connections. Idempotent. */
  close(): void | Promise<void>;
}
