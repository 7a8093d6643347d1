import { describe, expect, it } from 'vitest';
import { diffLines, diffSummary } from './text-diff';

describe('diffLines', () => {
  it('marks the changed lines of two versions', () => {
    const before = 'SELECT a\nFROM t\nWHERE x > 1';
    const after = 'SELECT a, b\nFROM t\nWHERE x > 1\nLIMIT 5';
    expect(
      diffLines(before, after).map(
        (l) => `${l.kind[0]} ${l.oldLine ?? '-'} ${l.newLine ?? '-'} ${l.text}`,
      ),
    ).toEqual([
      'r 1 - SELECT a',
      'a - 1 SELECT a, b',
      's 2 2 FROM t',
      's 3 3 WHERE x > 1',
      'a - 4 LIMIT 5',
    ]);
  });

  it('is all unchanged for equal texts', () => {
    expect(diffLines('x\ny', 'x\ny').every((l) => l.kind === 'same')).toBe(true);
  });

  it('says how many lines were added and removed', () => {
    expect(diffSummary('a\nb\nc', 'a\nB\nc\nd')).toBe('2 lines added, 1 removed');
    expect(diffSummary('a', 'a\nb')).toBe('1 line added');
    expect(diffSummary('a\nb', 'a')).toBe('1 line removed');
    expect(diffSummary('a\nb', 'a\nb')).toBe('No changes');
  });
});
