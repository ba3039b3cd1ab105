/**
 * `HOST:PORT` addresses for listeners (`admin.listen`, `--admin`), and which hosts count as
 * loopback, so a listener reachable from other machines can be told apart from a local one.
 */

/** A listener's address. */
export interface HostPort {
  readonly host: string;
  readonly port: number;
}

const HOST_PORT = /^(?:\[([0-9A-Fa-f:.]+)\]|([^\s:[\]]+)):(\d{1,5})$/;

/**
 * Parses `HOST:PORT` (`127.0.0.1:9901`, `localhost:9901`, `[::1]:9901`); `undefined` when the
 * text is not one (no port, a port over 65535, an IPv6 address without brackets).
 *
 * @example
 * ```ts
 * parseHostPort('[::1]:9901'); // { host: '::1', port: 9901 }
 * parseHostPort('9901');       // undefined
 * ```
 */
export function parseHostPort(text: string): HostPort | undefined {
  const match = HOST_PORT.exec(text.trim());
  if (match === null) return undefined;
  const port = Number(match[3]);
  if (port > 65_535) return undefined;
  return { host: match[1] ?? match[2]!, port };
}

/**
 * True for addresses only this machine can reach: `localhost`, 127.0.0.0/8 and `::1` (also
 * IPv4-mapped). Anything else, `0.0.0.0` and `::` included, is reachable from elsewhere.
 *
 * @example
 * ```ts
 * isLoopbackHost('127.0.0.1'); // true
 * isLoopbackHost('0.0.0.0');   // false
 * ```
 */
export function isLoopbackHost(host: string): boolean {
  const bare = host.toLowerCase().replace(/^\[|\]$/g, '');
  if (bare === 'localhost' || bare === '::1' || bare === '0:0:0:0:0:0:0:1') return true;
  return /^(?:::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare);
}
