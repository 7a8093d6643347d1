import { expect, it } from 'vitest';
import { lockDurationMs } from './sign-in-backoff.ts';

it('locks from the fifth failure on, doubling up to 15 minutes', () => {
  expect([1, 4, 5, 6, 7, 10, 20].map(lockDurationMs)).toEqual([
    0, 0, 30_000, 60_000, 120_000, 900_000, 900_000,
  ]);
});
