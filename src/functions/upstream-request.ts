import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { errorCode, isTimeout, UpstreamTimeoutError, UpstreamUnreachableError } from '../core/errors.js';

/** The backend's answer, whole (a Lambda function returns its response in one piece). */
export interface UpstreamResponse {
  readonly status: number;
  /** As the backend sent them: case, order and repeats kept. */
  readonly rawHeaders: readonly string[];
  readonly body: Buffer;
}

export interface UpstreamRequest {
  readonly url: URL;
  readonly method: string;
  readonly rawHeaders: readonly string[];
  readonly body: Buffer;
  readonly timeoutMs: number;
  /** Answers larger than this are refused (a Lambda response is at most 6 MB). */
  readonly maxResponseBytes: number;
}

/**
 * Keep-alive connection pools that live as long as the execution environment, so warm
 * invocations skip the TCP and TLS handshakes.
 */
const agents = { http: new HttpAgent({ keepAlive: true, maxSockets: 64 }), https: new HttpsAgent({ keepAlive: true, maxSockets: 64 }) };

/**
 * Sends one request to the original backend with node:http, which keeps the backend's header
 * case for the capture and never decompresses (the body goes back to the client as it came).
 *
 * @throws UpstreamTimeoutError (504) when no complete answer arrives in `timeoutMs`, or the
 *   connection times out (`isTimeout`); UpstreamUnreachableError (502) when the connection is
 *   refused or reset, or the answer is too large.
 * @example
 * ```ts
 * const answer = await forwardUpstream({ url, method: 'GET', rawHeaders: [], body: Buffer.alloc(0), timeoutMs: 29_000, maxResponseBytes: 6_000_000 });
 * ```
 */
export function forwardUpstream(options: UpstreamRequest): Promise<UpstreamResponse> {
  const { url } = options;
  const secure = url.protocol === 'https:';
  const send = secure ? httpsRequest : httpRequest;
  // Node adds no Host to a raw header list: the backend's own host, as API Gateway's HTTP_PROXY sends.
  const headers: [string, string][] = [['Host', url.host]];
  for (let index = 0; index < options.rawHeaders.length; index += 2) headers.push([options.rawHeaders[index]!, options.rawHeaders[index + 1]!]);
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (error: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      reject(error);
    };
    const timer = setTimeout(() => fail(new UpstreamTimeoutError(`the backend gave no complete answer within ${options.timeoutMs} ms`)), options.timeoutMs);
    const req = send(
      url,
      {
        method: options.method,
        agent: secure ? agents.https : agents.http,
        // A flat list keeps repeated headers and the client's case.
        headers: headers.flat(),
      },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let length = 0;
        res.on('data', (chunk: Buffer) => {
          length += chunk.length;
          if (length > options.maxResponseBytes) {
            fail(new UpstreamUnreachableError(`the backend's answer is larger than ${options.maxResponseBytes} bytes, more than a Lambda function may return`));
            return;
          }
          chunks.push(chunk);
        });
        res.once('end', () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 502, rawHeaders: res.rawHeaders, body: Buffer.concat(chunks, length) });
        });
        res.once('error', (error) => fail(new UpstreamUnreachableError(`the backend's answer broke off: ${error.message}`, { cause: error })));
      },
    );
    req.once('error', (error) => {
      const detail = errorCode(error) ?? error.message;
      fail(
        isTimeout(error)
          ? new UpstreamTimeoutError(`the backend ${url.origin} did not answer in time: ${detail}`, { cause: error })
          : new UpstreamUnreachableError(`cannot reach the backend ${url.origin}: ${detail}`, { cause: error }),
      );
    });
    req.end(options.body.length > 0 ? options.body : undefined);
  });
}
