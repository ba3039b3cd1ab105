import type { IncomingMessage } from 'node:http';
import { BadRequestError, BodyTooLargeError } from '../core/errors.js';
import { isLoopbackHost } from '../core/host-port.js';

/** The largest JSON body the admin API reads: its requests name ids and filters, nothing more. */
export const ADMIN_BODY_LIMIT = 64 * 1024;

/**
 * Why a state-changing admin request must be refused as a possible cross-site request forgery,
 * or undefined when it may go on. A browser attaches Basic credentials to any request for the
 * origin, so a page elsewhere could otherwise POST a purge. A form or a no-cors fetch cannot send
 * `Content-Type: application/json` without a CORS preflight (which the admin listener never
 * answers), and a browser names the page's origin in `Origin` and `Sec-Fetch-Site`.
 *
 * @example
 * ```ts
 * const why = csrfProblem(req); // 'expected Content-Type: application/json' | undefined
 * ```
 */
export function csrfProblem(req: IncomingMessage): { readonly status: 403 | 415; readonly message: string } | undefined {
  const type = req.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') return { status: 415, message: 'expected Content-Type: application/json' };
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return { status: 403, message: `refused a ${site} request` };
  const origin = req.headers.origin;
  if (origin !== undefined && !sameOrigin(origin, req.headers.host)) return { status: 403, message: `refused a request from ${origin}` };
  return undefined;
}

/**
 * Whether a listener without credentials may answer this Host: only loopback names, so a page
 * that rebinds its own DNS name to 127.0.0.1 cannot read the API through the victim's browser.
 *
 * @example
 * ```ts
 * loopbackHostHeader('127.0.0.1:9901'); // true
 * loopbackHostHeader('evil.example:9901'); // false
 * ```
 */
export function loopbackHostHeader(host: string | undefined): boolean {
  if (host === undefined) return false;
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d*$/, '');
  return isLoopbackHost(name);
}

/**
 * Reads a JSON body of at most `limit` bytes.
 *
 * @throws BodyTooLargeError (413) over the limit; BadRequestError (400) when it is not JSON.
 * @example
 * ```ts
 * const body = await readJsonBody(req); // { ids: ['…'] }
 * ```
 */
export async function readJsonBody(req: IncomingMessage, limit = ADMIN_BODY_LIMIT): Promise<unknown> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw new BodyTooLargeError(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyTooLargeError(limit);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BadRequestError('the request body is not valid JSON');
  }
}

function sameOrigin(origin: string, host: string | undefined): boolean {
  if (host === undefined) return false;
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.host === new URL(`http://${host}`).host;
  } catch {
    return false;
  }
}
