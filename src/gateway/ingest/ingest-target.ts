import { randomUUID } from 'node:crypto';
import type { BodySchema } from '../../core/body-schema.js';
import { BadRequestError, ClientAbortedError, IngestThrottledError, type SluiceError } from '../../core/errors.js';
import { evaluateServiceParams, isWholeBody, MappingScope, type ServiceParams } from '../../core/ingest/index.js';
import { toIngestError } from '../../aws/ingest-errors.js';
import type { IngestReply, IngestService } from '../../aws/ingest/ingest-service.js';
import { silentLogger, type Logger } from '../../telemetry/logger.js';
import { writeBuffered } from '../buffered-response.js';
import { errorBody, errorHeaders } from '../error-response.js';
import { readWholeBody } from '../request-body.js';
import { ResponseWriter, type CaptureFailureHandler } from '../response-writer.js';
import type { Exchange, ExchangeOutcome, Target } from '../target.js';

export interface IngestTargetOptions {
  /** The route's compiled `params` (with the service's defaults), from `compileServiceParams`. */
  readonly params: ServiceParams;
  /** The status of a successful reply (`reply.status`). @default 200 */
  readonly replyStatus?: number;
  /** The route's `schema`: a body that is not JSON or does not match is 400, and the service is not called. */
  readonly bodySchema?: BodySchema;
  readonly onCaptureFailure: CaptureFailureHandler;
  /** Where the service's own error messages go (the client gets its code only). */
  readonly logger?: Logger;
}

const JSON_HEADERS = ['Content-Type', 'application/json; charset=utf-8'] as const;

/**
 * Puts a request straight into an AWS service (issue 13: `sqs`, `sns`, `s3`, `kinesis`,
 * `dynamodb`, `eventbridge`), one {@link IngestService} per route:
 *
 * 1. reads the body whole, up to the service's limit or the route's, whichever is smaller
 *    (413 before the service is called);
 * 2. checks the body against the route's JSON Schema, when it has one: 400 listing what does
 *    not match (`BodyInvalidError`);
 * 3. evaluates the route's `params` in API Gateway mapping syntax against the request, its
 *    query, headers and JWT claims; a required parameter that comes out empty is 400 naming it;
 * 4. calls the service once, within the route's timeout (the SDK retries throttling and network
 *    errors inside it);
 * 5. answers 200 (or `reply.status`) with what the service returned as JSON
 *    (`{"messageId":…}`), or the service's failure as `toIngestError` maps it: its 4xx with its
 *    error code, 503 with `Retry-After` when throttled, 502 unreachable, 504 timed out.
 *
 * Every answer goes through a `ResponseWriter`, so `capture: true` records ingest routes too.
 *
 * @example
 * ```ts
 * const { params } = compileServiceParams({ service: 'sqs', routeName: 'hooks', path: 'routes[0].target', target: { queue_url } });
 * const target = new IngestTarget(new SqsService({ region: 'eu-west-1' }), { params: params!, onCaptureFailure });
 * ```
 */
export class IngestTarget implements Target {
  readonly #service: IngestService;
  readonly #params: ServiceParams;
  readonly #wholeBody: ReadonlySet<string>;
  readonly #replyStatus: number;
  readonly #bodySchema: BodySchema | undefined;
  readonly #onCaptureFailure: CaptureFailureHandler;
  readonly #logger: Logger;
  #closed = false;

  constructor(service: IngestService, options: IngestTargetOptions) {
    this.#service = service;
    this.#params = options.params;
    this.#wholeBody = new Set(
      Object.entries(options.params.params)
        .filter(([, mapping]) => isWholeBody(mapping))
        .map(([name]) => name),
    );
    this.#replyStatus = options.replyStatus ?? 200;
    this.#bodySchema = options.bodySchema;
    this.#onCaptureFailure = options.onCaptureFailure;
    this.#logger = options.logger ?? silentLogger();
  }

  async handle(exchange: Exchange): Promise<ExchangeOutcome> {
    const { req, capture } = exchange;
    const limit = Math.min(exchange.maxBodyBytes, this.#service.maxBodyBytes ?? Number.POSITIVE_INFINITY);
    const pending = readWholeBody(req, { limit, capture, idleTimeoutMs: exchange.bodyTimeoutMs });
    const body = Buffer.isBuffer(pending) ? pending : await pending;
    this.#bodySchema?.validate(body);

    const scope = new MappingScope({
      body,
      rawHeaders: req.rawHeaders,
      query: exchange.query,
      path: exchange.path,
      requestId: randomUUID(),
      sourceIp: sourceIp(req.socket.remoteAddress),
      ...(exchange.authorizer !== undefined && { claims: exchange.authorizer.claims }),
    });
    const { values, missing } = evaluateServiceParams(this.#params, scope);
    if (missing.length > 0)
      throw new BadRequestError(`the request gave no value for ${missing.join(', ')} (${this.#service.service} ${this.#service.operation})`);

    const startedAt = performance.now();
    let reply: IngestReply | undefined;
    let failure: SluiceError | undefined;
    try {
      reply = await this.#service.send({ values, body, wholeBody: this.#wholeBody, abortSignal: AbortSignal.timeout(exchange.timeoutMs) });
    } catch (error) {
      failure = toIngestError(error, this.#service.service, this.#service.operation);
    }
    const targetSeconds = (performance.now() - startedAt) / 1000;
    if (exchange.res.destroyed) throw new ClientAbortedError(`the client went away during ${this.#service.service} ${this.#service.operation}`);
    const writer = new ResponseWriter(exchange.res, capture, this.#onCaptureFailure);

    if (failure !== undefined) {
      // The service's own message names accounts and resources: the log has it, the client its code.
      this.#logger.warn({ err: failure, code: failure.code, route: exchange.route, service: this.#service.service }, failure.message);
      const errorJson = errorBody(failure);
      const headers = errorHeaders(failure, errorJson);
      if (failure instanceof IngestThrottledError) headers.push('Retry-After', String(failure.retryAfterSeconds));
      await writeBuffered(writer, { status: failure.statusCode, rawHeaders: headers, body: errorJson });
      return { status: failure.statusCode, targetSeconds };
    }

    const json = Buffer.from(JSON.stringify(reply), 'utf8');
    await writeBuffered(writer, { status: this.#replyStatus, rawHeaders: JSON_HEADERS, body: json });
    return { status: this.#replyStatus, targetSeconds };
  }

  async close(): Promise<void> {
    if (!this.#closed) {
      this.#closed = true;
      await this.#service.close();
    }
  }
}

/** The client's address, IPv4-mapped IPv6 (`::ffff:127.0.0.1`) as plain IPv4, as API Gateway gives it. */
function sourceIp(address: string | undefined): string {
  if (address === undefined) return '127.0.0.1';
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
