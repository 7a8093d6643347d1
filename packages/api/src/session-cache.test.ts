import { describe, expect, it } from 'vitest';
import { TtlCache } from './session-cache.ts';

function clock() {
  const state = { now: 1_000 };
  return { state, now: () => state.now };
}

describe('TtlCache', () => {
  it('keeps an answer for the TTL, then looks it up again', async () => {
    const { state, now } = clock();
    const cache = new TtlCache<string>(5_000, now);
    let loads = 0;
    const load = async () => ({ value: `v${++loads}` });
    expect(await cache.get('k', load)).toBe('v1');
    state.now += 4_999;
    expect(await cache.get('k', load)).toBe('v1');
    state.now += 1;
    expect(await cache.get('k', load)).toBe('v2');
  });

  it('never keeps an entry past its own expiry (a session ending sooner than the TTL)', async () => {
    const { state, now } = clock();
    const cache = new TtlCache<string>(5_000, now);
    let loads = 0;
    const load = async () => ({ value: `v${++loads}`, expiresAt: state.now + 1_000 });
    await cache.get('k', load);
    state.now += 1_000;
    expect(await cache.get('k', load)).toBe('v2');
  });

  it('does not cache refusals', async () => {
    const cache = new TtlCache<string>(5_000);
    let loads = 0;
    const load = async () => {
      loads += 1;
      return null;
    };
    expect(await cache.get('k', load)).toBeNull();
    expect(await cache.get('k', load)).toBeNull();
    expect(loads).toBe(2);
  });

  it('drops a lookup that was under way when the cache was cleared', async () => {
    const cache = new TtlCache<string>(5_000);
    let release: () => void = () => {};
    const slow = cache.get('k', async () => {
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      return { value: 'before revocation' };
    });
    cache.clear();
    release();
    // The caller that started before the revocation gets its answer, but it is not kept.
    expect(await slow).toBe('before revocation');
    expect(cache.size).toBe(0);
    expect(await cache.get('k', async () => ({ value: 'after' }))).toBe('after');
  });

  it('holds at most maxEntries, dropping the oldest', async () => {
    const cache = new TtlCache<string>(5_000, Date.now, 2);
    for (const key of ['a', 'b', 'c']) await cache.get(key, async () => ({ value: key }));
    expect(cache.size).toBe(2);
    expect(await cache.get('a', async () => ({ value: 'reloaded' }))).toBe('reloaded');
  });
});
