import { describe, expect, it } from 'vitest';
import { afterFailure } from './restart-policy.ts';

const settings = { baseMs: 1000, maxMs: 8000, maxRestarts: 3 };

describe('restart policy', () => {
  it('never restarts under "never"', () => {
    expect(afterFailure('never', 0, settings)).toEqual({ restart: false });
  });

  it('backs off exponentially up to the cap, then gives up under "on-failure"', () => {
    expect([0, 1, 2, 3].map((n) => afterFailure('on_failure', n, settings))).toEqual([
      { restart: true, attempt: 1, delayMs: 1000 },
      { restart: true, attempt: 2, delayMs: 2000 },
      { restart: true, attempt: 3, delayMs: 4000 },
      { restart: false },
    ]);
  });

  it('keeps restarting under "always", with the delay capped', () => {
    expect(afterFailure('always', 3, settings)).toEqual({
      restart: true,
      attempt: 4,
      delayMs: 8000,
    });
    expect(afterFailure('always', 100, settings)).toEqual({
      restart: true,
      attempt: 101,
      delayMs: 8000,
    });
  });
});
