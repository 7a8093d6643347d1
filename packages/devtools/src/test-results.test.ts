import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { summaryLine, tallyPlaywright, tallyVitest } from './test-results.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'velo-results-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function report(name: string, body: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(body));
  return file;
}

describe('test result tallies', () => {
  it('counts vitest tests, and a file that broke before its tests as one failure', () => {
    const file = report('vitest.json', {
      numPassedTests: 7,
      numFailedTests: 1,
      numPendingTests: 2,
      numTodoTests: 1,
      testResults: [
        { status: 'passed', assertionResults: [{ status: 'passed' }] },
        { status: 'failed', assertionResults: [{ status: 'failed' }] },
        { status: 'failed', assertionResults: [] },
      ],
    });
    expect(tallyVitest(file)).toEqual({ passed: 7, failed: 2, skipped: 3 });
  });

  it('counts Playwright stats, flaky as passed, global errors as failures', () => {
    const file = report('pw.json', {
      stats: { expected: 4, unexpected: 1, flaky: 1, skipped: 2 },
      errors: [{ message: 'webServer failed' }],
    });
    expect(tallyPlaywright(file)).toEqual({ passed: 5, failed: 2, skipped: 2 });
  });

  it('returns null for a missing report', () => {
    expect(tallyVitest(path.join(dir, 'missing.json'))).toBeNull();
    expect(tallyPlaywright(path.join(dir, 'missing.json'))).toBeNull();
  });

  it('prints the closing line CI reads', () => {
    expect(summaryLine({ passed: 12, failed: 0, skipped: 0 })).toBe('12 passed, 0 failed');
    expect(summaryLine({ passed: 3, failed: 1, skipped: 2 })).toBe('3 passed, 1 failed, 2 skipped');
  });
});
