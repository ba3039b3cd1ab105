/**
 * Human-friendly sizes and durations in configuration: `10MiB`, `256KiB`, `1.5MB`, `30s`,
 * `15m`, `4d`. Plain numbers are bytes and milliseconds.
 *
 * @example
 * ```ts
 * parseBytes('10MiB'); // 10485760
 * parseDuration('15m'); // 900000
 * ```
 */
const BYTE_UNITS: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
};

const DURATION_UNITS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

const QUANTITY = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i;

function parseQuantity(value: number | string, units: Record<string, number>, defaultUnit: string): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  const match = QUANTITY.exec(value);
  if (!match) return undefined;
  const factor = units[(match[2] || defaultUnit).toLowerCase()];
  if (factor === undefined) return undefined;
  return Math.round(Number(match[1]) * factor);
}

/** Bytes from a number or a string such as `256KiB`; `undefined` when it is neither. */
export function parseBytes(value: number | string): number | undefined {
  return parseQuantity(value, BYTE_UNITS, 'b');
}

/** Milliseconds from a number or a string such as `30s`; `undefined` when it is neither. */
export function parseDuration(value: number | string): number | undefined {
  return parseQuantity(value, DURATION_UNITS, 'ms');
}
