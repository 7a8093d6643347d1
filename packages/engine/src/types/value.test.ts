import { describe, expect, it } from 'vitest';
import { formatIsoMillis, Timestamp } from './value.ts';

describe('Timestamp', () => {
  it('formats ISO text exactly like Date#toISOString', () => {
    const samples = [
      0, 1, 999, 1000, 59_999, 1_700_000_000_000, 1_700_000_000_007, 951_782_400_000,
      253_402_300_799_999,
    ];
    for (let i = 0; i < 2000; i++) samples.push(Math.floor(Math.random() * 253_402_300_799_999));
    for (const ms of samples) expect(formatIsoMillis(ms)).toBe(new Date(ms).toISOString());
    expect(new Timestamp(-1).toISOString()).toBe('1969-12-31T23:59:59.999Z');
    expect(new Timestamp(1_700_000_000_000).toISOString()).toBe('2023-11-14T22:13:20.000Z');
    expect(JSON.stringify({ t: new Timestamp(0) })).toBe('{"t":"1970-01-01T00:00:00.000Z"}');
  });
});
