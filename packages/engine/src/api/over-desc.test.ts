import { describe, expect, it } from 'vitest';
import { records, run } from './test-support.ts';

const input = records(`
{"sym":"A","ts":1000,"px":1.5}
{"sym":"A","ts":2000,"px":2.0}
{"sym":"B","ts":2500,"px":9.0}
{"sym":"A","ts":4000,"px":4.25}
{"sym":"A","ts":7000,"px":5.0}
`);

const sql = (order: 'ASC' | 'DESC', frame: string) =>
  `SELECT sym, ts, SUM(px) OVER (PARTITION BY sym ORDER BY ts ${order} ${frame}) AS s,
          ROW_NUMBER() OVER (PARTITION BY sym ORDER BY ts ${order}) AS rn
   FROM trades WITH ('event.time.field' = 'ts')`;

describe('OVER (ORDER BY … ASC|DESC) through SQL', () => {
  it('ASC RANGE BETWEEN INTERVAL PRECEDING AND CURRENT ROW, emitted as records arrive', () => {
    const frame = "RANGE BETWEEN INTERVAL '2' SECOND PRECEDING AND CURRENT ROW";
    expect(run(sql('ASC', frame), { trades: input }).out.result).toEqual([
      '{"sym":"A","ts":1000,"s":"1.5","rn":1}',
      '{"sym":"A","ts":2000,"s":"3.5","rn":2}',
      '{"sym":"B","ts":2500,"s":"9.0","rn":1}',
      '{"sym":"A","ts":4000,"s":"6.25","rn":3}',
      '{"sym":"A","ts":7000,"s":"5.0","rn":4}',
    ]);
  });

  it('DESC RANGE BETWEEN INTERVAL PRECEDING AND CURRENT ROW, per complete partition', () => {
    const frame = "RANGE BETWEEN INTERVAL '2' SECOND PRECEDING AND CURRENT ROW";
    expect(run(sql('DESC', frame), { trades: input }).out.result).toEqual([
      '{"sym":"A","ts":7000,"s":"5.0","rn":1}',
      '{"sym":"A","ts":4000,"s":"4.25","rn":2}',
      '{"sym":"A","ts":2000,"s":"6.25","rn":3}',
      '{"sym":"A","ts":1000,"s":"3.5","rn":4}',
      '{"sym":"B","ts":2500,"s":"9.0","rn":1}',
    ]);
  });

  it('DESC ROWS BETWEEN 1 PRECEDING AND CURRENT ROW', () => {
    const frame = 'ROWS BETWEEN 1 PRECEDING AND CURRENT ROW';
    expect(run(sql('DESC', frame), { trades: input }, { batch: true }).out.result).toEqual([
      '{"sym":"A","ts":7000,"s":"5.0","rn":1}',
      '{"sym":"A","ts":4000,"s":"9.25","rn":2}',
      '{"sym":"A","ts":2000,"s":"6.25","rn":3}',
      '{"sym":"A","ts":1000,"s":"3.5","rn":4}',
      '{"sym":"B","ts":2500,"s":"9.0","rn":1}',
    ]);
  });
});
