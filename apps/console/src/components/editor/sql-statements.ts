/**
 * Splits an editor buffer into statements at `;` outside strings, quoted names and comments,
 * keeping offsets so the editor can find "the statement under the cursor" (Ctrl/Cmd-Enter).
 * Segments holding only blanks and comments are not statements (the parser skips them too).
 */
export interface StatementRange {
  /** 0-based index among the non-empty statements, in text order. */
  index: number;
  /** Offsets into the text: [start, end) without the terminating `;`. */
  start: number;
  end: number;
}

function hasCode(text: string): boolean {
  const stripped = text.replace(/--[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, '');
  return stripped.trim().length > 0;
}

export function splitStatements(text: string): StatementRange[] {
  const ranges: StatementRange[] = [];
  let start = 0;
  let i = 0;
  const push = (end: number) => {
    if (hasCode(text.slice(start, end))) ranges.push({ index: ranges.length, start, end });
  };
  while (i < text.length) {
    const c = text[i];
    if (c === '-' && text[i + 1] === '-') {
      const nl = text.indexOf('\n', i);
      i = nl === -1 ? text.length : nl + 1;
    } else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close === -1 ? text.length : close + 2;
    } else if (c === "'" || c === '"') {
      // '' and "" inside a literal are escapes: the scan simply re-enters the literal.
      const close = text.indexOf(c, i + 1);
      i = close === -1 ? text.length : close + 1;
    } else if (c === ';') {
      push(i);
      start = i + 1;
      i++;
    } else {
      i++;
    }
  }
  push(text.length);
  return ranges;
}

/**
 * The statement holding `offset`; a cursor in the blank space after a `;` belongs to the
 * statement before it (where people leave the cursor after typing it).
 */
export function statementAt(text: string, offset: number): StatementRange | undefined {
  const ranges = splitStatements(text);
  let before: StatementRange | undefined;
  for (const range of ranges) {
    const codeStart =
      range.start +
      (text.slice(range.start, range.end).length -
        text.slice(range.start, range.end).trimStart().length);
    if (offset >= codeStart && offset <= range.end) return range;
    if (offset < codeStart) return before ?? range;
    before = range;
  }
  return before;
}
