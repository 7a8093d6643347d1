/**
 * Runs every data-file case under ./cases (see ./README.md for the format) through the
 * engine's public API and compares output lines exactly.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type CaseFiles, loadCases } from './case-files.ts';
import { type RunOptions, runCase } from './run-case.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), 'cases');
const cases = loadCases(root);

const sortIf = (unordered: boolean, list: string[]) => (unordered ? [...list].sort() : list);

describe('conformance', () => {
  it('has at least 250 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(250);
  });
  it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => check(c, {}));
});

// restore(snapshot(state)) then the rest of the input gives the same output as one run.
describe('conformance with snapshot/restore after every push', () => {
  it.each(cases.filter((c) => c.expectedError === null).map((c) => [c.id, c] as const))(
    '%s',
    (_id, c) => check(c, { snapshotEachPush: true }),
  );
});

// Batching must not change results: a source pushed as one batch gives the same output, as
// long as the watermark moves record by record inside the batch (late cases included).
describe('conformance with each source pushed as one batch', () => {
  it.each(cases.filter((c) => c.expectedError === null).map((c) => [c.id, c] as const))(
    '%s',
    (_id, c) => check(c, { wholeBatches: true }),
  );
});

function check(c: CaseFiles, options: RunOptions): void {
  {
    const result = runCase(c, options);
    if (c.expectedError !== null) {
      expect(result.errors).toBe(c.expectedError);
      return;
    }
    expect(result.errors).toBeNull();
    const sinks = [...result.outputs.keys()];
    for (const [sink, lines] of c.expected) {
      let actualSink = sink;
      if (sink === '') {
        actualSink = result.outputs.has('result')
          ? 'result'
          : sinks.length === 1
            ? sinks[0]
            : 'result';
      }
      expect
        .soft(sortIf(c.unordered, result.outputs.get(actualSink) ?? []), `sink ${actualSink}`)
        .toEqual(sortIf(c.unordered, lines));
    }
    const expectedDlq = c.expectedDlq ?? [];
    const actualDlq = result.deadLetters.map((d, i) => {
      // Only the keys the expectation lists are compared: reason and SQL position are optional.
      const wants = (key: string) => expectedDlq[i]?.includes(`"${key}":`) ?? false;
      let line = `{"record":${d.record}`;
      if (wants('reason')) line += `,"reason":${JSON.stringify(d.reason)}`;
      if (wants('line')) line += `,"line":${d.line ?? null},"column":${d.column ?? null}`;
      return `${line}}`;
    });
    expect(
      sortIf(c.unordered, actualDlq),
      `dead letters: ${JSON.stringify(result.deadLetters)}`,
    ).toEqual(sortIf(c.unordered, expectedDlq));
  }
}
