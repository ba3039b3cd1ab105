import { isIPv4, isIPv6 } from 'node:net';

/**
 * The key a client's failed logins are counted under: its IPv4 address, or the /64 prefix of
 * its IPv6 address, since one host usually holds a whole /64 (RFC 6177) and could otherwise
 * start afresh from each of its 2^64 addresses. An IPv4-mapped IPv6 address (`::ffff:1.2.3.4`,
 * as a dual-stack socket reports IPv4 clients) counts as the IPv4 address. Anything else (a
 * Unix socket: no address) is one key, '-'.
 *
 * It is the socket's address, never `X-Forwarded-For`: Sluice has no setting that says which
 * proxies to believe, and any client can send that header.
 *
 * @example
 * ```ts
 * clientKey('203.0.113.7');             // '203.0.113.7'
 * clientKey('::ffff:203.0.113.7');      // '203.0.113.7'
 * clientKey('2001:db8:1:2:3:4:5:6');    // '2001:db8:1:2::/64'
 * ```
 */
export function clientKey(address: string | undefined): string {
  if (address === undefined) return '-';
  if (isIPv4(address)) return address;
  if (!isIPv6(address)) return '-';
  const groups = ipv6Groups(address);
  if (groups.slice(0, 6).join(':') === '0:0:0:0:0:ffff') return toIPv4(groups);
  return `${groups.slice(0, 4).join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address, as lowercase hex without leading zeros. */
function ipv6Groups(address: string): string[] {
  const zone = address.indexOf('%');
  let text = (zone === -1 ? address : address.slice(0, zone)).toLowerCase();
  // A trailing dotted IPv4 part is the last two groups.
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.', lastColon)) {
    const octets = text
      .slice(lastColon + 1)
      .split('.')
      .map(Number);
    text = `${text.slice(0, lastColon + 1)}${((octets[0]! << 8) | octets[1]!).toString(16)}:${((octets[2]! << 8) | octets[3]!).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((group) => parseInt(group, 16).toString(16));
}

function toIPv4(groups: string[]): string {
  const high = parseInt(groups[6]!, 16);
  const low = parseInt(groups[7]!, 16);
  return `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`;
}
