import { randomUUID } from 'node:crypto';
import { basename, resolve as resolvePath } from 'node:path';
import type { LambdaTargetConfig } from '../../core/config-schema.js';
import {
  BodyTooLargeError,
  ClientAbortedError,
  LambdaFunctionError,
  LambdaResponseInvalidError,
  LambdaTimeoutError,
  type SluiceError,
} from '../../core/errors.js';
import { stripHopByHop } from '../../core/headers.js';
import { eventFormat } from '../../core/events/event-formats.js';
import { FunctionNameResolver, strippedPath } from '../../core/events/function-name.js';
import type { EventFormat, LambdaHttpRequest } from '../../core/events/types.js';
import { parseHandlerSpec } from '../../core/lambda-target-schema.js';
import { createLambdaClient } from '../../aws/lambda-client.js';
import { LAMBDA_PAYLOAD_LIMIT_BYTES } from '../../aws/lambda-errors.js';
import { silentLogger, type Logger } from '../../telemetry/logger.js';
import { writeBuffered } from '../buffered-response.js';
import { errorBody, errorHeaders } from '../error-response.js';
import { readWholeBody } from '../request-body.js';
import { ResponseWriter, type CaptureFailureHandler } from '../response-writer.js';
import type { Exchange, ExchangeOutcome, Target } from '../target.js';
import { AwsInvoker } from './aws-invoker.js';
import { HandlerInvoker } from './handler-invoker.js';
import type { Invoker } from './invoker.js';
import { RieInvoker } from './rie-invoker.js';
import { WorkerPool } from './worker-pool.js';

/** Node already answered `Expect: 100-continue`; a function has nothing to do with it. */
const DROPPED_REQUEST_HEADERS: ReadonlySet<string> = new Set(['expect']);

export interface LambdaTargetOptions {
  readonly onCaptureFailure: CaptureFailureHandler;
  readonly logger?: Logger;
  /** Runs the functions; by default chosen from the config (AWS, emulator or handler file). */
  readonly invoker?: Invoker;
}

/**
 * Serves a Lambda function as an HTTP service (SPEC §4 `lambda` target): reads the request
 * (refusing bodies over Lambda's 6 MB invoke limit with 413 before invoking), builds the
 * configured event, invokes the function once, and answers with its response read as AWS
 * reads it. A function error is 502 with `X-Amz-Function-Error`; a timeout 504; throttling 503;
 * a response AWS would reject 502 with the reason in the log. Never retried.
 *
 * @example
 * ```ts
 * const target = new LambdaTarget({ type: 'lambda', handler: '../lambda/handlers/users.mjs#handler', event: 'apigw-v2', … }, { onCaptureFailure, logger });
 * const outcome = await target.handle(exchange);
 * ```
 */
export class LambdaTarget implements Target {
  readonly #config: LambdaTargetConfig;
  readonly #format: EventFormat;
  readonly #names: FunctionNameResolver;
  readonly #invoker: Invoker;
  readonly #logger: Logger;
  readonly #onCaptureFailure: CaptureFailureHandler;
  #closed = false;

  constructor(config: LambdaTargetConfig, options: LambdaTargetOptions) {
    this.#config = config;
    this.#logger = options.logger ?? silentLogger();
    this.#onCaptureFailure = options.onCaptureFailure;
    this.#format = eventFormat(config.event, { multiValueHeaders: config.multi_value_headers });
    this.#names = new FunctionNameResolver({
      template: config.function ?? 'function',
      ...(config.allow !== undefined && { allow: config.allow }),
      deny: config.deny,
      prefix: config.name_prefix,
      suffix: config.name_suffix,
    });
    this.#invoker = options.invoker ?? createInvoker(config, this.#logger);
  }

  async handle(exchange: Exchange): Promise<ExchangeOutcome> {
    const { req, capture } = exchange;
    const resolved = this.#names.resolve(exchange.rest);
    const pending = readWholeBody(req, { limit: Math.min(exchange.maxBodyBytes, LAMBDA_PAYLOAD_LIMIT_BYTES), capture, idleTimeoutMs: exchange.bodyTimeoutMs });
    // Most requests have no body: no promise to wait for then.
    const body = Buffer.isBuffer(pending) ? pending : await pending;
    const request = lambdaRequest(exchange, this.#config.strip_path_prefix ? strippedPath(exchange.rest, resolved.consumedSegments) : exchange.path, body);
    const payload = this.#format.createPayload(request);
    // The event, not the body, is what Lambda measures: base64 makes a 5 MB binary body too big.
    // (Its UTF-8 size is at least its length in UTF-16 units, so most events skip the count.)
    if (payload.length * 3 > LAMBDA_PAYLOAD_LIMIT_BYTES && Buffer.byteLength(payload) > LAMBDA_PAYLOAD_LIMIT_BYTES) {
      throw new BodyTooLargeError(LAMBDA_PAYLOAD_LIMIT_BYTES);
    }

    const startedAt = performance.now();
    const response = await this.#invoker.invoke({
      functionName: resolved.name,
      ...(this.#config.qualifier !== undefined && { qualifier: this.#config.qualifier }),
      payload,
      timeoutMs: exchange.timeoutMs,
    });
    const targetSeconds = (performance.now() - startedAt) / 1000;
    if (exchange.res.destroyed) throw new ClientAbortedError('the client went away during the invocation');
    const writer = new ResponseWriter(exchange.res, capture, this.#onCaptureFailure);

    if (response.functionError !== undefined) {
      const failure = this.#functionFailure(exchange, resolved.name, response.functionError, response.payload);
      const errorJson = errorBody(failure);
      await writeBuffered(writer, {
        status: failure.statusCode,
        rawHeaders: [...errorHeaders(failure, errorJson), 'X-Amz-Function-Error', response.functionError],
        body: errorJson,
      });
      return { status: failure.statusCode, targetSeconds };
    }

    const parsed = this.#format.parseResult(response.payload);
    if (!parsed.ok) {
      throw new LambdaResponseInvalidError(`function ${resolved.name} returned a response that ${this.#format.name} does not accept`, parsed.reason);
    }
    const { result } = parsed;
    await writeBuffered(writer, result);
    return { status: result.status, targetSeconds };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#invoker.close();
  }

  /** A function error: logged with its type and message (never sent), 504 for a timeout, else 502. */
  #functionFailure(exchange: Exchange, functionName: string, functionError: string, payload: string): SluiceError {
    let errorType: string | undefined;
    let errorMessage: string | undefined;
    try {
      const parsed = JSON.parse(payload) as { errorType?: unknown; errorMessage?: unknown };
      if (typeof parsed.errorType === 'string') errorType = parsed.errorType;
      if (typeof parsed.errorMessage === 'string') errorMessage = parsed.errorMessage.slice(0, 2_000);
    } catch {
      errorMessage = payload.slice(0, 2_000);
    }
    this.#logger.warn(
      { route: exchange.route, function: functionName, function_error: functionError, error_type: errorType, error_message: errorMessage, path: exchange.path },
      'function error',
    );
    const timedOut = errorType === 'Sandbox.Timedout' || /Task timed out after/.test(errorMessage ?? '');
    return timedOut
      ? new LambdaTimeoutError(`function ${functionName} timed out`, { functionError })
      : new LambdaFunctionError(`function ${functionName} failed`, functionError, errorType);
  }
}

/** The invoker a configuration asks for: AWS Invoke, an emulator, or a handler file in worker threads. */
function createInvoker(config: LambdaTargetConfig, logger: Logger): Invoker {
  if (config.endpoint !== undefined) return new RieInvoker(config.endpoint);
  if (config.handler !== undefined) {
    const spec = parseHandlerSpec(config.handler)!;
    const file = resolvePath(spec.file);
    return new HandlerInvoker(
      new WorkerPool({
        file,
        exportName: spec.exportName,
        ...(config.workers !== undefined && { size: config.workers }),
        functionName: basename(file).replace(/\.[cm]?js$/, ''),
        memoryLimitInMB: config.memory_size,
        region: process.env.AWS_REGION ?? 'us-east-1',
        maxResponseBytes: LAMBDA_PAYLOAD_LIMIT_BYTES,
        watch: config.watch,
        logger,
      }),
    );
  }
  return new AwsInvoker(
    createLambdaClient({
      ...(config.region !== undefined && { region: config.region }),
      ...(config.aws_endpoint !== undefined && { endpoint: config.aws_endpoint }),
      ...(config.assume_role !== undefined && {
        assumeRole: {
          roleArn: config.assume_role.role_arn,
          sessionName: config.assume_role.session_name,
          ...(config.assume_role.external_id !== undefined && { externalId: config.assume_role.external_id }),
        },
      }),
    }),
  );
}

function lambdaRequest(exchange: Exchange, path: string, body: Buffer): LambdaHttpRequest {
  const { req } = exchange;
  const socket = req.socket;
  const address = socket.remoteAddress ?? '127.0.0.1';
  return {
    method: req.method ?? 'GET',
    path,
    query: exchange.query,
    rawHeaders: stripHopByHop(req.rawHeaders, DROPPED_REQUEST_HEADERS),
    body,
    sourceIp: address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address,
    protocol: `HTTP/${req.httpVersion}`,
    scheme: 'encrypted' in socket ? 'https' : 'http',
    port: socket.localPort ?? 0,
    requestId: randomUUID(),
    timeEpochMs: Date.now(),
  };
}
