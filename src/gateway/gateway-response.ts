import { ServerResponse, type IncomingMessage, type OutgoingHttpHeader, type OutgoingHttpHeaders } from 'node:http';

/** Rewrites a response's headers (a flat raw list) just before they are sent. */
export type ResponseHeaderFilter = (rawHeaders: readonly string[]) => string[];

/**
 * The gateway's `ServerResponse`: one that a route can give a {@link ResponseHeaderFilter}, so
 * headers that belong to the route rather than its target (CORS) are applied to every response
 * it sends, whoever writes it: the target, an auth refusal or an error. Without a filter it is
 * Node's response, unchanged.
 *
 * @example
 * ```ts
 * const server = createServer({ ServerResponse: GatewayResponse }, (req, res) => {
 *   res.headerFilter = (raw) => [...raw, 'Vary', 'Origin'];
 * });
 * ```
 */
export class GatewayResponse<Request extends IncomingMessage = IncomingMessage> extends ServerResponse<Request> {
  headerFilter: ResponseHeaderFilter | undefined = undefined;

  override writeHead(statusCode: number, statusMessage?: string, headers?: OutgoingHttpHeaders | OutgoingHttpHeader[]): this;
  override writeHead(statusCode: number, headers?: OutgoingHttpHeaders | OutgoingHttpHeader[]): this;
  override writeHead(
    statusCode: number,
    messageOrHeaders?: string | OutgoingHttpHeaders | OutgoingHttpHeader[],
    maybeHeaders?: OutgoingHttpHeaders | OutgoingHttpHeader[],
  ): this {
    const filter = this.headerFilter;
    if (filter === undefined) return super.writeHead(statusCode, messageOrHeaders as string, maybeHeaders);
    const message = typeof messageOrHeaders === 'string' ? messageOrHeaders : undefined;
    const headers = typeof messageOrHeaders === 'string' ? maybeHeaders : messageOrHeaders;
    // Headers set with setHeader() before are merged by Node; only the ones passed here are filtered.
    const filtered = filter(flatten(headers));
    return message === undefined ? super.writeHead(statusCode, filtered) : super.writeHead(statusCode, message, filtered);
  }
}

/** Any header argument of `writeHead` as a flat `[name, value, …]` list. */
function flatten(headers: OutgoingHttpHeaders | OutgoingHttpHeader[] | undefined): string[] {
  if (headers === undefined) return [];
  if (Array.isArray(headers)) {
    // Either flat [name, value, …] or [[name, value], …].
    if (headers.length > 0 && Array.isArray(headers[0])) return (headers as unknown as string[][]).flatMap(([name, value]) => [String(name), String(value)]);
    const flat: string[] = [];
    for (let i = 0; i + 1 < headers.length; i += 2) {
      const value = headers[i + 1]!;
      if (Array.isArray(value)) for (const item of value) flat.push(String(headers[i]), item);
      else flat.push(String(headers[i]), String(value));
    }
    return flat;
  }
  const flat: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) flat.push(name, item);
    else flat.push(name, String(value));
  }
  return flat;
}
