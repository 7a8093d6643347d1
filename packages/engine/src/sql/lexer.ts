/**
 * Lexer for Velo SQL. Never throws: malformed input (unterminated strings, stray characters)
 * becomes diagnostics and the scan continues. Keywords are not distinguished here; the parser
 * compares upper-cased identifier text.
 */
import { type Diagnostic, diagnosticAt } from '../diagnostics.ts';
import type { Pos, Span } from './ast.ts';
import { syntaxMessages } from './messages.ts';

export type TokenType =
  /** Unquoted word; `upper` holds its upper-case form. */
  | 'ident'
  /** "quoted identifier"; `value` is unescaped. */
  | 'quoted_ident'
  /** 'string'; `value` is unescaped ('' → '). */
  | 'string'
  | 'integer'
  /** Has a point, no exponent: `100.00`. */
  | 'decimal'
  /** Has an exponent: `1e3`. */
  | 'float'
  /** Number directly followed by letters: `5s`, `500ms`, `1m`. */
  | 'duration'
  /** Punctuation and operators: ( ) , ; . * + - / % || = <> != < <= > >= [ ] :: */
  | 'op'
  | 'eof';

export interface Token {
  type: TokenType;
  /** The source text of the token. */
  text: string;
  /** Unescaped value for strings/quoted identifiers, upper-cased text for idents, else text. */
  value: string;
  span: Span;
}

export interface Comment {
  text: string;
  span: Span;
}

export interface LexResult {
  tokens: Token[];
  comments: Comment[];
  diagnostics: Diagnostic[];
}

const TWO_CHAR_OPS = new Set(['||', '<>', '!=', '<=', '>=', '::']);
const ONE_CHAR_OPS = new Set([
  '(',
  ')',
  ',',
  ';',
  '.',
  '*',
  '+',
  '-',
  '/',
  '%',
  '=',
  '<',
  '>',
  '[',
  ']',
]);

function isIdentStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || c > '\x7f';
}

function isIdentPart(c: string): boolean {
  return isIdentStart(c) || isDigit(c) || c === '$';
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

export function tokenize(text: string): LexResult {
  const tokens: Token[] = [];
  const comments: Comment[] = [];
  const diagnostics: Diagnostic[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;

  const pos = (): Pos => ({ offset: i, line, column: i - lineStart + 1 });
  /** Advances over text[i..end), tracking newlines. */
  const advanceTo = (end: number) => {
    while (i < end) {
      if (text[i] === '\n') {
        line++;
        lineStart = i + 1;
      }
      i++;
    }
  };
  const push = (type: TokenType, start: Pos, value?: string) => {
    const raw = text.slice(start.offset, i);
    tokens.push({ type, text: raw, value: value ?? raw, span: { start, end: pos() } });
  };

  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === '\f' || c === '\v') {
      advanceTo(i + 1);
      continue;
    }
    const start = pos();
    if (c === '-' && text[i + 1] === '-') {
      let end = text.indexOf('\n', i);
      if (end < 0) end = text.length;
      advanceTo(end);
      comments.push({ text: text.slice(start.offset, end), span: { start, end: pos() } });
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      if (close < 0) {
        advanceTo(text.length);
        diagnostics.push(
          diagnosticAt(
            'error',
            'syntax',
            { start, end: pos() },
            syntaxMessages.unterminatedComment(),
          ),
        );
      } else {
        advanceTo(close + 2);
        comments.push({ text: text.slice(start.offset, i), span: { start, end: pos() } });
      }
      continue;
    }
    if (c === "'" || c === '"') {
      let value = '';
      let j = i + 1;
      let closed = false;
      while (j < text.length) {
        if (text[j] === c) {
          if (text[j + 1] === c) {
            value += c;
            j += 2;
            continue;
          }
          closed = true;
          j++;
          break;
        }
        value += text[j];
        j++;
      }
      advanceTo(j);
      if (!closed) {
        diagnostics.push(
          diagnosticAt(
            'error',
            'syntax',
            { start, end: pos() },
            c === "'"
              ? syntaxMessages.unterminatedString()
              : syntaxMessages.unterminatedIdentifier(),
          ),
        );
      }
      push(c === "'" ? 'string' : 'quoted_ident', start, value);
      continue;
    }
    if (isDigit(c) || (c === '.' && isDigit(text[i + 1] ?? ''))) {
      let j = i;
      while (isDigit(text[j] ?? '')) j++;
      let type: TokenType = 'integer';
      if (text[j] === '.' && isDigit(text[j + 1] ?? '')) {
        type = 'decimal';
        j++;
        while (isDigit(text[j] ?? '')) j++;
      } else if (text[j] === '.' && !isIdentStart(text[j + 1] ?? '') && text[j + 1] !== '.') {
        // `100.` is a decimal with scale 0
        type = 'decimal';
        j++;
      }
      if (text[j] === 'e' || text[j] === 'E') {
        const sign = text[j + 1] === '+' || text[j + 1] === '-' ? 1 : 0;
        if (isDigit(text[j + 1 + sign] ?? '')) {
          type = 'float';
          j += 1 + sign;
          while (isDigit(text[j] ?? '')) j++;
        }
      }
      if (type === 'integer' && isIdentStart(text[j] ?? '')) {
        while (isIdentPart(text[j] ?? '')) j++;
        type = 'duration';
      }
      advanceTo(j);
      push(type, start);
      continue;
    }
    if (isIdentStart(c)) {
      let j = i + 1;
      while (isIdentPart(text[j] ?? '')) j++;
      advanceTo(j);
      const raw = text.slice(start.offset, i);
      push('ident', start, raw.toUpperCase());
      continue;
    }
    const two = text.slice(i, i + 2);
    if (TWO_CHAR_OPS.has(two)) {
      advanceTo(i + 2);
      push('op', start);
      continue;
    }
    if (ONE_CHAR_OPS.has(c)) {
      advanceTo(i + 1);
      push('op', start);
      continue;
    }
    // Unknown character (a whole code point, so the message shows it intact).
    const cp = text.codePointAt(i) ?? 0;
    advanceTo(i + (cp > 0xffff ? 2 : 1));
    diagnostics.push(
      diagnosticAt(
        'error',
        'syntax',
        { start, end: pos() },
        syntaxMessages.unexpectedCharacter(String.fromCodePoint(cp)),
      ),
    );
  }
  const end = pos();
  tokens.push({ type: 'eof', text: '', value: '', span: { start: end, end } });
  return { tokens, comments, diagnostics };
}
