/**
 * Which function call the cursor is inside, and at which argument: the text before the cursor
 * is scanned backwards over balanced brackets, strings and comments, as signature help needs.
 */
export interface CallContext {
  /** The function name as written before the open parenthesis. */
  name: string;
  /** 0-based index of the argument under the cursor. */
  argument: number;
}

/** Blanks out strings and comments (same length), so brackets inside them do not count. */
function maskLiterals(text: string): string {
  return text.replace(/'(?:[^']|'')*'?|"(?:[^"]|"")*"?|--[^\n]*|\/\*[\s\S]*?(?:\*\/|$)/g, (m) =>
    ' '.repeat(m.length),
  );
}

export function callAt(textBefore: string): CallContext | null {
  const text = maskLiterals(textBefore);
  let depth = 0;
  let argument = 0;
  for (let i = text.length - 1; i >= 0; i--) {
    const c = text[i];
    if (c === ')' || c === ']') depth++;
    else if (c === '[') depth--;
    else if (c === ',' && depth === 0) argument++;
    else if (c === ';' && depth === 0) return null;
    else if (c === '(') {
      if (depth > 0) {
        depth--;
        continue;
      }
      const name = /([A-Za-z_][\w$]*)\s*$/.exec(text.slice(0, i));
      if (!name?.[1]) return null;
      return { name: name[1], argument };
    }
  }
  return null;
}
