/**
 * Human renderings of durations, counts and times for command output.
 *
 * @example
 * ```ts
 * formatDuration(125_000); // '2m 05s'
 * formatCount(1234567); // '1,234,567'
 * ```
 */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.max(0, Math.round(ms))}ms`;
  const seconds = Math.floor(ms / 1_000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h ${String(minutes % 60).padStart(2, '0')}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

/**
 * A whole number with thousands separators.
 *
 * @example
 * ```ts
 * formatCount(12000); // '12,000'
 * ```
 */
export function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/**
 * An epoch time as ISO 8601 with how long ago it was.
 *
 * @example
 * ```ts
 * formatTime(Date.parse('2026-01-01T12:00:00Z'), Date.parse('2026-01-01T12:05:03Z')); // '2026-01-01T12:00:00.000Z (5m 03s ago)'
 * ```
 */
export function formatTime(epochMs: number, now: number = Date.now()): string {
  return `${new Date(epochMs).toISOString()} (${formatDuration(now - epochMs)} ago)`;
}

/**
 * A size in bytes with a binary unit, as the configuration writes sizes.
 *
 * @example
 * ```ts
 * formatBytes(1536); // '1.5 KiB'
 * formatBytes(5 * 1024 ** 3); // '5.0 GiB'
 * ```
 */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${Math.round(value)} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}
