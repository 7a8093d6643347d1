import { describe, expect, it } from 'vitest';
import { ArraySource } from './memory.ts';
import { peekSource } from './peek-source.ts';

describe('peekSource', () => {
  it('keeps the source’s lag (the worker peeks every sampled source)', async () => {
    const inner = new ArraySource('memory://t', [{ fields: { n: 1n }, eventTime: 0 }]);
    const lag = [{ partition: '0', records: 3, seconds: 1.5 }];
    Object.assign(inner, { lag: async () => lag });
    const { sample, source } = await peekSource(inner, 1);
    expect(sample.records.length).toBe(1);
    expect(await source.lag?.()).toEqual(lag);
  });

  it('has no lag when the source has none', async () => {
    const { source } = await peekSource(new ArraySource('memory://t', []), 1);
    expect(source.lag).toBeUndefined();
  });
});
