import { STATUS_CODES, type ServerResponse } from 'node:http';
import { MethodNotAllowedError, SluiceError } from '../core/errors.js';
import { writeBuffered } from './buffered-response.js';
import type { ResponseWriter } from './response-writer.js';

/**
 * The JSON error a client receives from the gateway itself (404 no route, 413, 502, 504…):
 * `{"error":{"code":"SLUICE_UPSTREAM_TIMEOUT","message":"…"}}`.
 */
export function errorBody(error: SluiceError): Buffer {
  return Buffer.from(JSON.stringify(error.toJSON()), 'utf8');
}

/**
 * Raw headers for an error response; 413 and 408 close the connection, whose unread body is
 * garbage now. A 405 says which methods are allowed (RFC 9110 §15.5.6).
 */
export function errorHeaders(error: SluiceError, body: Buffer): string[] {
  const headers = ['Content-Type', 'application/json; charset=utf-8', 'Content-Length', String(body.length)];
  if (error instanceof MethodNotAllowedError) headers.push('Allow', error.allow.join(', '));
  if (error.statusCode === 413 || error.statusCode === 408) headers.push('Connection', 'close');
  return headers;
}

/**
 * A whole error response as bytes for a bare socket, then `Connection: close`: for answers given
 * where Node has no ServerResponse (a parse error, a CONNECT request).
 *
 * @example
 * ```ts
 * socket.end(rawErrorResponse(new HttpVersionNotSupportedError('HTTP/3.0 is not supported')));
 * ```
 */
export function rawErrorResponse(error: SluiceError): Buffer {
  const body = errorBody(error);
  const headers = errorHeaders(error, body);
  if (error.statusCode !== 413) headers.push('Connection', 'close');
  let head = `HTTP/1.1 ${error.statusCode} ${STATUS_CODES[error.statusCode] ?? 'Error'}\r\n`;
  for (let i = 0; i < headers.length; i += 2) head += `${headers[i]}: ${headers[i + 1]}\r\n`;
  return Buffer.concat([Buffer.from(`${head}\r\n`, 'latin1'), body]);
}

/** Sends a gateway error through a writer, so a captured route records it like any response. */
export async function writeError(writer: ResponseWriter, error: SluiceError): Promise<void> {
  const body = errorBody(error);
  await writeBuffered(writer, { status: error.statusCode, rawHeaders: errorHeaders(error, body), body });
}

/** Sends a gateway error straight to the client (no route, no capture). */
export function sendError(res: ServerResponse, error: SluiceError): void {
  const body = errorBody(error);
  res.writeHead(error.statusCode, errorHeaders(error, body));
  res.end(body);
}

/** Wraps anything thrown into a SluiceError for the client (500 for the unexpected). */
export function asSluiceError(error: unknown): SluiceError {
  return error instanceof SluiceError ? error : new SluiceError('internal gateway error', { cause: error });
}
