/**
 * A raw query string as the record's `query` object (SPEC §1): a repeated name becomes an array,
 * in order.
 *
 * @example
 * ```ts
 * parseQuery('page=2&tag=a&tag=b'); // { page: '2', tag: ['a', 'b'] }
 * ```
 */
export function parseQuery(query: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  if (query === '') return out;
  for (const [name, value] of new URLSearchParams(query)) {
    const existing = out[name];
    if (existing === undefined) out[name] = value;
    else out[name] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return out;
}
