/**
 * Format document for Velo SQL, built on the engine's lexer (so strings, quoted names, durations
 * and comments are split exactly as the engine reads them): keywords upper-case, one clause per
 * line, subqueries indented, comments kept where they were (own line or end of line, including
 * `-- @metric` annotations), one blank line between statements. Only whitespace and the case of
 * keywords and function names change, and formatting formatted text changes nothing.
 */
import { type Comment, functionDoc, type Token, tokenize } from '@velo/engine';
import { KEYWORDS, TYPE_NAMES, WINDOW_KINDS } from './velo-sql-language';

// CAST is an expression form, not a registry function: upper-cased, and called like one.
const CAST_FORMS = new Set(['CAST', 'TRY_CAST']);
const KEYWORD_SET = new Set([...KEYWORDS, ...CAST_FORMS]);
const WINDOW_KIND_SET = new Set(WINDOW_KINDS);
const TYPE_SET = new Set(TYPE_NAMES);
/** Keywords that start a clause on a line of its own. */
const CLAUSES = new Set([
  'SELECT',
  'FROM',
  'WHERE',
  'GROUP',
  'HAVING',
  'WINDOW',
  'EMIT',
  'ORDER',
  'LIMIT',
  'INTO',
  'WITH',
  'UNION',
  'INTERSECT',
  'EXCEPT',
  'CREATE',
]);
const JOIN_PREFIXES = new Set(['LEFT', 'RIGHT', 'FULL', 'INNER', 'CROSS']);
const NO_SPACE_BEFORE = new Set([',', ';', ')', ']', '.', '::']);
const NO_SPACE_AFTER = new Set(['(', '[', '.', '::']);
const INDENT = '  ';

type Item = { kind: 'token'; token: Token; index: number } | { kind: 'comment'; comment: Comment };

/** The formatted text, or null when the text does not lex cleanly (nothing is changed then). */
export function formatSql(source: string): string | null {
  const lexed = tokenize(source);
  if (lexed.diagnostics.length > 0) return null;
  const tokens = lexed.tokens.filter((t) => t.type !== 'eof');
  const items: Item[] = [
    ...tokens.map((token, index) => ({ kind: 'token' as const, token, index })),
    ...lexed.comments.map((comment) => ({ kind: 'comment' as const, comment })),
  ].sort((a, b) => offsetOf(a) - offsetOf(b));

  const lines: string[] = [];
  let line = '';
  /** Paren kinds: 'query' (a subquery or CTE body: clauses break lines inside) or 'expr'. */
  const parens: ('query' | 'expr')[] = [];
  let queryDepth = 0;
  let previous: Token | null = null;
  let previousEndLine = 0;
  /** After a `;`: the next statement (or its leading comments) starts after a blank line. */
  let statementEnded = false;

  const breakLine = (indent: number) => {
    if (line.trim() !== '') lines.push(line.trimEnd());
    line = INDENT.repeat(indent);
  };
  const endStatement = () => {
    if (!statementEnded) return;
    statementEnded = false;
    breakLine(0);
    lines.push('');
  };
  const append = (word: string, space: boolean) => {
    if (space && line.trim() !== '' && !line.endsWith(' ')) line += ' ';
    line += word;
  };

  for (const item of items) {
    if (item.kind === 'comment') {
      const { comment } = item;
      const ownLine = previous === null || comment.span.start.line > previousEndLine;
      if (ownLine) {
        if (statementEnded) endStatement();
        else breakLine(queryDepth);
      }
      append(comment.text.trimEnd(), true);
      if (comment.text.startsWith('--')) breakLine(queryDepth);
      previousEndLine = comment.span.end.line;
      continue;
    }
    const { token, index } = item;
    if (statementEnded) endStatement();
    const next = tokens[index + 1];
    const word = token.value;
    const isOp = (t: Token | null | undefined, ...texts: string[]) =>
      t?.type === 'op' && texts.includes(t.text);
    let text = token.text;
    if (token.type === 'ident') {
      const call = isOp(next, '(');
      const typeName = upper(previous) === 'AS' && parens.at(-1) === 'expr';
      if (
        KEYWORD_SET.has(word) ||
        (WINDOW_KIND_SET.has(word) && call) ||
        (TYPE_SET.has(word) && typeName) ||
        (call && functionDoc(word) !== undefined)
      ) {
        text = word;
      }
    }

    const atQueryLevel = parens.length === 0 || parens.at(-1) === 'query';
    const clause =
      token.type === 'ident' &&
      atQueryLevel &&
      (CLAUSES.has(word) ||
        (JOIN_PREFIXES.has(word) && ['JOIN', 'OUTER'].includes(upper(next))) ||
        (word === 'JOIN' && !JOIN_PREFIXES.has(upper(previous)) && upper(previous) !== 'OUTER'));
    const closesQuery = isOp(token, ')') && parens.at(-1) === 'query';
    if (clause && previous !== null && !isOp(previous, '(')) breakLine(queryDepth);
    else if (closesQuery) breakLine(queryDepth - 1);
    // A line that starts inside a clause (after a line comment) is indented one step more.
    if (line.trim() === '' && previous !== null && !clause && !closesQuery) line += INDENT;

    let space = previous !== null;
    if (token.type === 'op' && NO_SPACE_BEFORE.has(token.text)) space = false;
    else if (previous?.type === 'op' && NO_SPACE_AFTER.has(previous.text)) space = false;
    else if (isOp(previous, '-') && isUnaryMinus(tokens[index - 2])) space = false;
    else if (isOp(token, '(', '[') && previous?.type === 'ident' && !spacedBeforeParen(previous)) {
      space = false;
    }
    append(text, space);

    if (isOp(token, '(', '[')) {
      const inner = upper(next);
      const isQuery = token.text === '(' && (inner === 'SELECT' || inner === 'WITH');
      parens.push(isQuery ? 'query' : 'expr');
      if (isQuery) {
        queryDepth++;
        breakLine(queryDepth);
      }
    } else if (isOp(token, ')', ']')) {
      if (parens.pop() === 'query') queryDepth--;
    }
    previous = token;
    previousEndLine = token.span.end.line;
    if (isOp(token, ';') && parens.length === 0) statementEnded = true;
  }
  breakLine(0);
  return lines.length === 0 ? source : `${lines.join('\n')}\n`;
}

function upper(t: Token | null | undefined): string {
  return t?.type === 'ident' ? t.value : '';
}

function offsetOf(item: Item): number {
  return item.kind === 'token' ? item.token.span.start.offset : item.comment.span.start.offset;
}

/** `-` is unary after an operator (but not a closing bracket), a keyword, or at the start. */
function isUnaryMinus(before: Token | undefined): boolean {
  if (!before) return true;
  if (before.type === 'op') return before.text !== ')' && before.text !== ']';
  return (
    before.type === 'ident' && KEYWORD_SET.has(before.value) && !VALUE_KEYWORDS.has(before.value)
  );
}

const VALUE_KEYWORDS = new Set(['END', 'NULL', 'TRUE', 'FALSE']);

/** `IN (`, `AS (`, `OVER (` keep a space; calls and indexes do not: `ROUND(`, `LEFT(`, `tags[`. */
function spacedBeforeParen(previous: Token): boolean {
  return (
    KEYWORD_SET.has(previous.value) &&
    !WINDOW_KIND_SET.has(previous.value) &&
    !CAST_FORMS.has(previous.value) &&
    functionDoc(previous.value) === undefined
  );
}
