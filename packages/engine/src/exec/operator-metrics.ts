/**
 * Opt-in per-operator counters (records in/out, busy time) for the job graph's back-pressure
 * view. Instruments a built graph from outside: each operator's entry points and its `out`
 * downstream are wrapped, so operators stay unaware. Busy time is exclusive: time spent in the
 * operators an operator pushes to is not counted twice.
 */
import type { EngineRecord } from '../types/value.ts';
import type { Downstream, Operator } from './operator.ts';

export interface OperatorMetrics {
  /** Statement index and position of the operator in that statement's chain. */
  statement: number;
  index: number;
  kind: string;
  recordsIn: number;
  recordsOut: number;
  busyMs: number;
}

const now = (): number => globalThis.performance?.now() ?? Date.now();

/** Wraps every operator of `chains` (statement → operators); returns a reader of the counters. */
export function instrumentOperators(chains: Operator[][]): () => OperatorMetrics[] {
  const all: OperatorMetrics[] = [];
  // Time spent in nested operator calls since the enclosing call started.
  let nested = 0;
  const timed = <A extends unknown[]>(m: OperatorMetrics, fn: (...args: A) => void) =>
    function (this: unknown, ...args: A): void {
      const start = now();
      const outer = nested;
      nested = 0;
      try {
        fn.apply(this, args);
      } finally {
        const total = now() - start;
        m.busyMs += total - nested;
        nested = outer + total;
      }
    };
  const seen = new Set<Operator>();
  chains.forEach((chain, statement) => {
    chain.forEach((op, index) => {
      if (seen.has(op)) return;
      seen.add(op);
      const m: OperatorMetrics = {
        statement,
        index,
        kind: op.kind,
        recordsIn: 0,
        recordsOut: 0,
        busyMs: 0,
      };
      all.push(m);
      const processBatch = op.processBatch;
      const target = op as Operator & { out?: Downstream };
      target.processBatch = timed(m, (records: EngineRecord[], port: number) => {
        m.recordsIn += records.length;
        processBatch.call(op, records, port);
      });
      target.onWatermark = timed(m, op.onWatermark.bind(op));
      target.onEnd = timed(m, op.onEnd.bind(op));
      const out = target.out;
      if (out && typeof out.push === 'function') {
        target.out = {
          push: (records) => {
            m.recordsOut += records.length;
            out.push(records);
          },
          watermark: (ms) => out.watermark(ms),
          end: () => out.end(),
        };
      }
    });
  });
  return () => all.map((m) => ({ ...m }));
}
