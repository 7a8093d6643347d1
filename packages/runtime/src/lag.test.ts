import { compile, type EngineRecord } from '@velo/engine';
import { describe, expect, it } from 'vitest';
import { ArraySource } from './memory.ts';
import { runProgram } from './run.ts';
import type { RunMetrics } from './run-types.ts';
import type { SourceLag } from './types.ts';

/** An unbounded source that says how far behind it is (as the Kafka source does). */
class LaggingSource extends ArraySource {
  polls = 0;
  async lag(): Promise<SourceLag[]> {
    this.polls++;
    return [{ partition: '0', records: 42, seconds: 1.5 }];
  }
}

describe('source lag', () => {
  it('is polled in the background and reported with the metrics', async () => {
    const records: EngineRecord[] = [
      { fields: { a: 1n } as unknown as EngineRecord['fields'], eventTime: 0 },
    ];
    const compiled = compile('SELECT a FROM src', { boundSources: ['src'] });
    if (!compiled.program) throw new Error('no program');
    const source = new LaggingSource('memory://src', records, { bounded: false });
    const reports: RunMetrics[] = [];
    let t = 0;
    await runProgram({
      program: compiled.program,
      sources: { src: source },
      clock: () => (t += 50),
      metricsIntervalMs: 100,
      limits: { maxMs: 2000 },
      onMetrics: (m) => reports.push(m),
    });
    expect(source.polls).toBeGreaterThan(0);
    expect(reports.some((r) => r.sources.src.lag?.[0]?.records === 42)).toBe(true);
    expect(reports.find((r) => r.sources.src.lag)?.sources.src.lag).toEqual([
      { partition: '0', records: 42, seconds: 1.5 },
    ]);
  });
});
