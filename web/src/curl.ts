/** A shell word in single quotes. */
function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * The recorded request as a curl command line. Redacted values stay redacted: the record never
 * had them.
 */
export function curlCommand(record: Record<string, unknown>): string {
  const method = typeof record.method === 'string' ? record.method : 'GET';
  const host = typeof record.from === 'string' ? record.from : 'localhost';
  const path = typeof record.endpoint === 'string' ? record.endpoint : '/';
  const params = new URLSearchParams();
  const query = (record.query ?? {}) as Record<string, unknown>;
  for (const [key, value] of Object.entries(query)) for (const item of Array.isArray(value) ? value : [value]) params.append(key, String(item));
  const search = params.toString();
  const parts = ['curl', '-X', method, quote(`http://${host}${path}${search === '' ? '' : `?${search}`}`)];
  const headers = (record.request_headers ?? {}) as Record<string, unknown>;
  for (const [name, value] of Object.entries(headers)) {
    if (/^(host|content-length|connection|transfer-encoding)$/i.test(name)) continue;
    for (const item of Array.isArray(value) ? value : [value]) parts.push('-H', quote(`${name}: ${String(item)}`));
  }
  const body = record.body;
  if (body === null || body === undefined) return parts.join(' ');
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  // A binary body was recorded as base64: decode it on the way in, byte for byte.
  if (record.body_encoding === 'base64') return `printf %s ${quote(text)} | base64 -d | ${parts.join(' ')} --data-binary @-`;
  parts.push('--data-raw', quote(text));
  return parts.join(' ');
}
