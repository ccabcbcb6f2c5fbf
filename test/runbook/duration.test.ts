import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { parseDuration, tryParseDuration } from '../../src/runbook/inputs/duration.ts';

describe('parseDuration', () => {
  it.each([
    ['90s', 90_000],
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['2d', 172_800_000],
    ['1d2h3m4s', 93_784_000],
    ['PT5M', 300_000],
    ['pt1h30m', 5_400_000],
    ['P1DT2H', 93_600_000],
    ['PT1.5S', 1_500],
    [' 48h ', 172_800_000],
  ])('%s is %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['', '5', 'm', 'P', 'PT', 'P1DT', '5 minutes', '1m1h', '-5m', 'PT5X'])('refuses %j', (text) => {
    expect(tryParseDuration(text)).toBeUndefined();
    expect(() => parseDuration(text)).toThrow(InputError);
  });
});
