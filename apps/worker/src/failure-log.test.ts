import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { FailureLog, FailureThrottle } from './failure-log.ts';

describe('FailureThrottle', () => {
  it('reports the first failure, then at most one per interval, then the recovery', () => {
    let now = 1000;
    const throttle = new FailureThrottle(60_000, () => now);
    expect(throttle.succeeded()).toBeNull();
    expect(throttle.failed(new Error('connect ECONNREFUSED'))).toEqual({
      kind: 'first',
      error: 'connect ECONNREFUSED',
    });
    const quiet = [];
    // a poll every second for 59 s: nothing
    for (let i = 0; i < 59; i++) {
      now += 1000;
      quiet.push(throttle.failed(new Error('connect ECONNREFUSED')));
    }
    expect(quiet.every((e) => e === null)).toBe(true);
    now += 1000;
    expect(throttle.failed('still down')).toEqual({
      kind: 'still',
      failures: 61,
      sinceMs: 60_000,
      error: 'still down',
    });
    now += 30_000;
    expect(throttle.failed('still down')).toBeNull();
    now += 2500;
    expect(throttle.succeeded()).toEqual({ kind: 'recovered', failures: 62, afterMs: 92_500 });
    expect(throttle.succeeded()).toBeNull();
    // a new outage starts over with its first error
    now += 10;
    expect(throttle.failed(new Error('again'))).toEqual({ kind: 'first', error: 'again' });
  });
});

describe('FailureLog', () => {
  it('writes structured pino lines: the first error, "still failing, N times", "recovered after X s"', () => {
    const lines: Record<string, unknown>[] = [];
    const logger = pino(
      { base: { worker: 'w1' }, timestamp: false },
      { write: (line: string) => lines.push(JSON.parse(line)) },
    );
    let now = 0;
    const log = new FailureLog(logger, 'job loop', { now: () => now });
    for (let i = 0; i < 150; i++) {
      log.failed(new Error("Can't reach database server at 127.0.0.1:55432"));
      now += 1000;
    }
    log.succeeded();
    log.succeeded();
    expect(lines).toEqual([
      {
        level: 50,
        worker: 'w1',
        err: "Can't reach database server at 127.0.0.1:55432",
        msg: 'job loop failed',
      },
      {
        level: 50,
        worker: 'w1',
        err: "Can't reach database server at 127.0.0.1:55432",
        failures: 61,
        sinceMs: 60_000,
        msg: 'job loop still failing, 61 times',
      },
      {
        level: 50,
        worker: 'w1',
        err: "Can't reach database server at 127.0.0.1:55432",
        failures: 121,
        sinceMs: 120_000,
        msg: 'job loop still failing, 121 times',
      },
      {
        level: 30,
        worker: 'w1',
        failures: 150,
        afterMs: 150_000,
        msg: 'job loop recovered after 150.0 s',
      },
    ]);
  });
});
