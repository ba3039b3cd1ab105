/**
 * Header handling shared by the gateway (what to forward) and the capture (what to keep).
 * Headers travel as Node's flat raw arrays (`[name, value, name, value]`), which keep the case
 * and order the sender used.
 */

/**
 * Hop-by-hop headers (RFC 9110 §7.6.1): they describe one connection, so a proxy consumes them
 * instead of forwarding them. `Proxy-Connection` is the legacy spelling some clients still send.
 */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'transfer-encoding', 'upgrade']);

/**
 * Copies a raw header list without hop-by-hop headers, nor the headers that `Connection` names.
 * `drop` removes more names (lower case), e.g. `host`, which the proxy sets itself.
 *
 * @example
 * ```ts
 * stripHopByHop(['Connection', 'close', 'Accept', '*\/*']); // ['Accept', '*\/*']
 * ```
 */
export function stripHopByHop(raw: readonly string[], drop?: ReadonlySet<string>): string[] {
  let named: Set<string> | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i]!.length === 10 && raw[i]!.toLowerCase() === 'connection') {
      named ??= new Set();
      for (const token of raw[i + 1]!.split(',')) named.add(token.trim().toLowerCase());
    }
  }
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const lower = raw[i]!.toLowerCase();
    if (HOP_BY_HOP.has(lower) || named?.has(lower) || drop?.has(lower)) continue;
    out.push(raw[i]!, raw[i + 1]!);
  }
  return out;
}

/** The first value of a header in a raw list, by case-insensitive name. */
export function findHeader(raw: readonly string[], lowerName: string): string | undefined {
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i]!.length === lowerName.length && raw[i]!.toLowerCase() === lowerName) return raw[i + 1];
  }
  return undefined;
}

export const REDACTED = '[REDACTED]';

/**
 * Replaces the values of the named headers (lower-case names, matched in any case). Returns the
 * same array when nothing matched, so the common case allocates nothing.
 */
export function redactHeaders(raw: readonly string[], names: ReadonlySet<string>): readonly string[] {
  let out: string[] | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    if (names.has(raw[i]!.toLowerCase())) {
      out ??= raw.slice();
      out[i + 1] = REDACTED;
    }
  }
  return out ?? raw;
}

/**
 * The record's header object (SPEC §1): the sender's case (of the first occurrence) is kept and a
 * repeated header becomes an array.
 */
export function headersToRecord(raw: readonly string[]): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  const keyByLower = new Map<string, string>();
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    const value = raw[i + 1]!;
    const lower = name.toLowerCase();
    const key = keyByLower.get(lower);
    if (key === undefined) {
      keyByLower.set(lower, name);
      out[name] = value;
      continue;
    }
    const existing = out[key]!;
    out[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return out;
}
