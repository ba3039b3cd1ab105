import { describe, expect, it } from 'vitest';
import { parseBytes, parseDuration } from './units.js';

describe('Function: parseBytes', () => {
  it.each([
    [0, 0],
    [1024, 1024],
    ['512', 512],
    ['10b', 10],
    ['1KB', 1000],
    ['1kib', 1024],
    ['10MiB', 10 * 1024 * 1024],
    ['1.5MB', 1_500_000],
    [' 2 GiB ', 2 * 1024 ** 3],
  ])('parses %j as %i bytes', (input, expected) => {
    expect(parseBytes(input)).toBe(expected);
  });

  it.each([[-1], [Number.NaN], [Number.POSITIVE_INFINITY], ['ten'], ['10 parsecs'], ['-5MB'], [''], ['1e3']])('rejects %j', (input) => {
    expect(parseBytes(input)).toBeUndefined();
  });
});

describe('Function: parseDuration', () => {
  it.each([
    [1500, 1500],
    ['250', 250],
    ['250ms', 250],
    ['30s', 30_000],
    ['1.5s', 1500],
    ['15m', 900_000],
    ['2h', 7_200_000],
    ['4d', 345_600_000],
  ])('parses %j as %i ms', (input, expected) => {
    expect(parseDuration(input)).toBe(expected);
  });

  it.each([['soon'], ['10 weeks'], ['s'], [-1]])('rejects %j', (input) => {
    expect(parseDuration(input)).toBeUndefined();
  });
});
