import { describe, expect, it } from 'vitest';
import { mergeJobSeries, thresholdColor } from './team-panel-data';

describe('mergeJobSeries', () => {
  it('puts several jobs on one time axis, labelled by job, keeping exact values', () => {
    const table = mergeJobSeries([
      {
        jobName: 'orders',
        timestamps: [1000, 2000],
        series: [{ name: 'records_in', labels: {}, values: ['1.5', null] }],
      },
      {
        jobName: 'payments',
        timestamps: [1000, 2000],
        series: [{ name: 'records_in', labels: { reason: 'x' }, values: ['2', '3.25'] }],
      },
    ]);
    expect(table.keys).toEqual([
      { key: 's0', label: 'orders' },
      { key: 's1', label: 'payments {reason=x}' },
    ]);
    expect(table.rows).toEqual([
      { t: 1000, s0: 1.5, s0_exact: '1.5', s1: 2, s1_exact: '2' },
      { t: 2000, s0: null, s0_exact: null, s1: 3.25, s1_exact: '3.25' },
    ]);
    expect(table.last.map((l) => l.value)).toEqual(['1.5', '3.25']);
  });
});

describe('thresholdColor', () => {
  const t = [
    { value: '10', color: 'warning' as const },
    { value: '100', color: 'danger' as const },
  ];
  it('is the highest threshold reached', () => {
    expect(thresholdColor('9.99', t)).toBe(null);
    expect(thresholdColor('10', t)).toBe('warning');
    expect(thresholdColor('150', t)).toBe('danger');
    expect(thresholdColor(null, t)).toBe(null);
  });
});
