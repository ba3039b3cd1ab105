/** One part of a multipart body, as {@link rewriteMultipart} hands it to its callback. */
export interface MultipartPart {
  /** The part's header block, without the blank line that ends it (UTF-8). */
  readonly headers: string;
  /** `name` of its `Content-Disposition`, unescaped; undefined when it has none. */
  readonly name: string | undefined;
  /** Its `Content-Type`, if any. */
  readonly contentType: string | undefined;
  readonly content: Buffer;
}

const CRLF_CRLF = Buffer.from('\r\n\r\n', 'latin1');

/**
 * Rewrites the contents of a multipart body (RFC 2046 §5.1, RFC 7578) part by part, keeping the
 * preamble, the boundary lines, every part's headers and the epilogue byte for byte. `rewrite`
 * returns a part's new content, or undefined to keep it.
 *
 * @returns the new body (the same buffer when nothing changed), or undefined when the body is
 *   not a complete multipart body with this boundary (no delimiter, a part without its header
 *   block, no closing delimiter — e.g. cut by the capture limit).
 *
 * @example
 * ```ts
 * rewriteMultipart(body, boundary, (part) => (part.name === 'password' ? Buffer.from('[REDACTED]') : undefined));
 * ```
 */
export function rewriteMultipart(body: Buffer, boundary: string, rewrite: (part: MultipartPart) => Buffer | undefined): Buffer | undefined {
  const dashBoundary = Buffer.from(`--${boundary}`, 'latin1');
  const delimiter = Buffer.from(`\r\n--${boundary}`, 'latin1');
  // The first boundary may open the body or follow a preamble (then after a line break).
  let at = body.subarray(0, dashBoundary.length).equals(dashBoundary) ? 0 : body.indexOf(delimiter);
  if (at === -1) return undefined;
  if (at > 0) at += 2;
  const out: Buffer[] = [];
  let copiedTo = 0;
  let changed = false;
  for (;;) {
    const afterBoundary = at + dashBoundary.length;
    if (body[afterBoundary] === 0x2d && body[afterBoundary + 1] === 0x2d) break; // `--`: the close delimiter
    // Transport padding may follow a boundary before its line ends.
    const lineEnd = body.indexOf('\r\n', afterBoundary, 'latin1');
    if (lineEnd === -1 || !/^[ \t]*$/.test(body.toString('latin1', afterBoundary, lineEnd))) return undefined;
    const start = lineEnd + 2;
    const end = body.indexOf(delimiter, start);
    if (end === -1) return undefined;
    // A part with no header fields starts with the blank line itself.
    const headerEnd = body[start] === 0x0d && body[start + 1] === 0x0a ? start - 2 : body.indexOf(CRLF_CRLF, start);
    if (headerEnd === -1 || headerEnd > end) return undefined;
    const contentStart = headerEnd + 4;
    const headers = headerEnd < start ? '' : body.toString('utf8', start, headerEnd);
    const replacement = rewrite({
      headers,
      name: dispositionName(headers),
      contentType: headerValue(headers, 'content-type'),
      content: body.subarray(contentStart, end),
    });
    if (replacement !== undefined) {
      out.push(body.subarray(copiedTo, contentStart), replacement);
      copiedTo = end;
      changed = true;
    }
    at = end + 2;
  }
  if (!changed) return body;
  out.push(body.subarray(copiedTo));
  return Buffer.concat(out);
}

/**
 * The `boundary` parameter of a multipart Content-Type.
 *
 * @example
 * ```ts
 * multipartBoundary('multipart/form-data; boundary="abc"'); // 'abc'
 * ```
 */
export function multipartBoundary(contentType: string): string | undefined {
  const match = /;\s*boundary\s*=\s*(?:"([^"]{1,200})"|([^;\s]{1,200}))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

function headerValue(headers: string, lowerName: string): string | undefined {
  for (const line of headers.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon !== -1 && line.slice(0, colon).trim().toLowerCase() === lowerName) return line.slice(colon + 1).trim();
  }
  return undefined;
}

/**
 * `name` of a part's `Content-Disposition: form-data; name="…"`. Quoted-string escapes are
 * undone; browsers percent-encode `"` and line breaks in names (HTML's form encoding), and
 * servers do not decode them, so neither does this.
 */
function dispositionName(headers: string): string | undefined {
  const disposition = headerValue(headers, 'content-disposition');
  if (disposition === undefined) return undefined;
  // `;` before `name` so that `filename=` never matches.
  const match = /;\s*name\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/i.exec(disposition);
  if (match === null) return undefined;
  return match[1] === undefined ? match[2] : match[1].replace(/\\(.)/g, '$1');
}
