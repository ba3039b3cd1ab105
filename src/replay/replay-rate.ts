import { InvalidArgumentError } from '../core/errors.js';
import type { ReplayRate } from './types.js';

const FACTOR = /^(\d+(?:\.\d+)?|\.\d+)x$/i;
const PER_SECOND = /^(\d+(?:\.\d+)?|\.\d+)\/s$/i;

/**
 * Reads a replay rate: `2x` (twice the original pace), `0.5x` (half), or `100/s` (a fixed rate,
 * whatever the original gaps were).
 *
 * @throws InvalidArgumentError for anything else, zero included.
 * @example
 * ```ts
 * parseReplayRate('2x'); // { kind: 'factor', factor: 2 }
 * parseReplayRate('100/s'); // { kind: 'perSecond', perSecond: 100 }
 * ```
 */
export function parseReplayRate(text: string): ReplayRate {
  const trimmed = text.trim();
  const factor = FACTOR.exec(trimmed);
  if (factor !== null && Number(factor[1]) > 0) return { kind: 'factor', factor: Number(factor[1]) };
  const perSecond = PER_SECOND.exec(trimmed);
  if (perSecond !== null && Number(perSecond[1]) > 0) return { kind: 'perSecond', perSecond: Number(perSecond[1]) };
  throw new InvalidArgumentError(`expected a rate such as 2x, 0.5x or 100/s (greater than zero), got ${JSON.stringify(text)}`);
}
