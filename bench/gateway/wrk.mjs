/** Runs wrk pinned to the load core and parses its `--latency` report. */
import { runToEnd } from './processes.mjs';

const TIME_UNITS = { us: 1e-3, ms: 1, s: 1e3, m: 60e3, h: 3600e3 };

/** `1.23ms` → 1.23, `850.00us` → 0.85 (milliseconds). */
function toMs(text) {
  const match = /^([\d.]+)(us|ms|s|m|h)$/.exec(text);
  return match ? Number(match[1]) * TIME_UNITS[match[2]] : Number.NaN;
}

/**
 * Parses wrk's text report. Latencies in milliseconds; `errors` adds socket errors and
 * non-2xx/3xx answers.
 *
 * @example
 * parseWrk('  1000 requests in 1.00s, 1.00MB read\nRequests/sec:   1000.00\n').rps; // 1000
 */
export function parseWrk(text) {
  const number = (regex) => {
    const match = regex.exec(text);
    return match ? Number(match[1]) : undefined;
  };
  const percentile = (p) => {
    const match = new RegExp(`^\\s+${p}%\\s+(\\S+)`, 'm').exec(text);
    return match ? toMs(match[1]) : undefined;
  };
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  const socketErrors = socket
    ? { connect: +socket[1], read: +socket[2], write: +socket[3], timeout: +socket[4] }
    : { connect: 0, read: 0, write: 0, timeout: 0 };
  const non2xx = number(/Non-2xx or 3xx responses: (\d+)/) ?? 0;
  const result = {
    requests: number(/^\s+(\d+) requests in/m),
    seconds: number(/requests in ([\d.]+)s/),
    rps: number(/^Requests\/sec:\s+([\d.]+)/m),
    p50: percentile(50),
    p75: percentile(75),
    p90: percentile(90),
    p99: percentile(99),
    socketErrors,
    non2xx,
  };
  result.errors = non2xx + socketErrors.connect + socketErrors.read + socketErrors.write + socketErrors.timeout;
  return result;
}

/**
 * One wrk run. `script` is a Lua file (for POST bodies). Throws if wrk fails or prints no rate.
 *
 * @example
 * const r = await runWrk({ url: 'http://127.0.0.1:9001/users', connections: 32, seconds: 6, cpu: 1 });
 */
export async function runWrk({ url, connections, seconds, threads = 1, cpu, script, timeoutSeconds = 5 }) {
  const args = ['-t', String(Math.min(threads, connections)), '-c', String(connections), '-d', `${seconds}s`, '--timeout', `${timeoutSeconds}s`, '--latency'];
  if (script !== undefined) args.push('-s', script);
  args.push(url);
  const { stdout, stderr, code, signal } = await runToEnd({ name: 'wrk', command: 'wrk', args, cpu, timeoutMs: (seconds + timeoutSeconds + 15) * 1000 });
  const result = parseWrk(stdout);
  if (code !== 0 || result.rps === undefined || result.requests === undefined) {
    throw new Error(`wrk failed (code ${code}, signal ${signal}) on ${url}: ${(stderr || stdout).trim().slice(0, 500)}`);
  }
  return result;
}
