import { describe, expect, it } from 'vitest';
import { readTimeRange, resolveRange, withTimeRange } from './time-range';
import { formatUnit } from './units';

const NOW = 1_800_000_000_000;

describe('time range in the URL', () => {
  it('reads presets, absolute ranges and refresh', () => {
    expect(readTimeRange(new URLSearchParams('from=now-1h&to=now&refresh=5s'))).toEqual({
      from: 'now-1h',
      to: 'now',
      refresh: '5s',
    });
    expect(resolveRange(readTimeRange(new URLSearchParams('from=now-1h')), NOW)).toEqual({
      from: NOW - 3600_000,
      to: NOW,
    });
    expect(
      resolveRange(readTimeRange(new URLSearchParams(`from=${NOW - 5000}&to=${NOW}`)), NOW),
    ).toEqual({
      from: NOW - 5000,
      to: NOW,
    });
  });

  it('falls back to the last 15 minutes for what it cannot read', () => {
    expect(readTimeRange(new URLSearchParams('from=yesterday&refresh=2s'))).toEqual({
      from: 'now-15m',
      to: 'now',
      refresh: 'off',
    });
  });

  it('keeps the other parameters when the range changes', () => {
    expect(withTimeRange(new URLSearchParams('job=j1&from=now-1h'), { from: 'now-6h' })).toBe(
      'job=j1&from=now-6h',
    );
  });
});

describe('units', () => {
  it.each([
    [1234, 'records/s', '1.23k/s'],
    [0.5, 'records/s', '0.5/s'],
    [1536, 'bytes', '1.5 KiB'],
    [250, 'ms', '250 ms'],
    [90, 's', '1.5 min'],
    [2_500_000, 'records', '2.5M'],
  ] as const)('%d %s → %s', (value, unit, text) => {
    expect(formatUnit(value, unit)).toBe(text);
  });
});
