/**
 * A line diff of two SQL versions (longest common subsequence), for the versions view:
 * unchanged, removed and added lines in order.
 */
export interface DiffLine {
  kind: 'same' | 'removed' | 'added';
  text: string;
  /** Line numbers in the old and new text (null where the line is not in that side). */
  oldLine: number | null;
  newLine: number | null;
}

export function diffLines(before: string, after: string): DiffLine[] {
  const a = before.split('\n');
  const b = after.split('\n');
  // lcs[i][j]: length of the LCS of a[i..] and b[j..]
  const lcs = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push({ kind: 'same', text: a[i], oldLine: i + 1, newLine: j + 1 });
      i++;
      j++;
    } else if (i < a.length && (j === b.length || lcs[i + 1][j] >= lcs[i][j + 1])) {
      out.push({ kind: 'removed', text: a[i], oldLine: i + 1, newLine: null });
      i++;
    } else {
      out.push({ kind: 'added', text: b[j], oldLine: null, newLine: j + 1 });
      j++;
    }
  }
  return out;
}

/** `2 lines added, 1 removed`, `No changes`: the size of a version diff in words. */
export function diffSummary(before: string, after: string): string {
  let added = 0;
  let removed = 0;
  for (const line of diffLines(before, after)) {
    if (line.kind === 'added') added++;
    else if (line.kind === 'removed') removed++;
  }
  if (added === 0 && removed === 0) return 'No changes';
  const lines = (n: number) => `${n} line${n === 1 ? '' : 's'}`;
  if (removed === 0) return `${lines(added)} added`;
  if (added === 0) return `${lines(removed)} removed`;
  return `${lines(added)} added, ${removed} removed`;
}
