/**
 * Token cursor shared by the parser modules. A syntax error throws `ParseFailure` inside one
 * statement; parser.ts catches it, records the diagnostic and resumes after the next `;`.
 */
import { type Diagnostic, diagnosticAt } from '../diagnostics.ts';
import type { Identifier, Pos, Select, SetOperation, Span } from './ast.ts';
import { RESERVED_WORDS } from './keywords.ts';
import type { Token } from './lexer.ts';
import { describeToken, syntaxMessages } from './messages.ts';
import { closestMatch } from './suggest.ts';

/** Words that cannot be bare identifiers (sql/keywords.ts). */
export const RESERVED = new Set(RESERVED_WORDS);

/** Reserved words people also use as column names (`order`, `end`, `window` …): worth a quoting hint. */
const NAME_LIKE_RESERVED = new Set(
  [...RESERVED].filter(
    (w) =>
      ![
        'FROM',
        'WHERE',
        'HAVING',
        'AND',
        'OR',
        'NOT',
        'ON',
        'AS',
        'JOIN',
        'BY',
        'IS',
        'IN',
        'THEN',
        'ELSE',
        'WHEN',
        'BETWEEN',
        'LIKE',
        'ILIKE',
        'NULL',
        'TRUE',
        'FALSE',
        'EXISTS',
      ].includes(w),
  ),
);

/** Keywords that may start the next clause; used for "did you mean" on misspellings. */
export const CLAUSE_KEYWORDS = [
  'FROM',
  'WHERE',
  'GROUP',
  'HAVING',
  'WINDOW',
  'EMIT',
  'LIMIT',
  'INTO',
  'WITH',
  'JOIN',
  'SELECT',
  'ORDER',
];

export class ParseFailure extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
  }
}

/** A subquery in FROM, read by its internal name (sql/derived.ts makes it a statement). */
export interface DerivedQuery {
  name: string;
  query: Select;
  span: Span;
  setOperation?: SetOperation;
}

export class Parser {
  i = 0;
  /** Diagnostics that do not stop parsing (bad durations, unknown types, …). */
  readonly diagnostics: Diagnostic[] = [];
  /** Subqueries in FROM of the statement being parsed, innermost first. */
  derived: DerivedQuery[] = [];
  /** Numbering of internal names (`alias#n`) within one parse. */
  internalNames = 0;
  /**
   * `WITH name AS (…)` scopes, outermost first: CTE name (lower case) → internal name. A name
   * in FROM is looked up innermost first, so an inner CTE shadows an outer one.
   */
  cteScopes: Map<string, string>[] = [];

  /** The internal name of the CTE `name` visible here, if any. */
  lookupCte(name: string): string | undefined {
    const key = name.toLowerCase();
    for (let i = this.cteScopes.length - 1; i >= 0; i--) {
      const found = this.cteScopes[i].get(key);
      if (found) return found;
    }
    return undefined;
  }

  constructor(
    readonly tokens: Token[],
    readonly text: string,
  ) {}

  peek(k = 0): Token {
    return this.tokens[Math.min(this.i + k, this.tokens.length - 1)];
  }

  next(): Token {
    const t = this.peek();
    if (this.i < this.tokens.length - 1) this.i++;
    return t;
  }

  /** End position of the last consumed token. */
  lastEnd(): Pos {
    return this.i === 0 ? this.peek().span.start : this.tokens[this.i - 1].span.end;
  }

  spanFrom(start: Pos): Span {
    const end = this.lastEnd();
    return { start, end: end.offset < start.offset ? start : end };
  }

  isKeyword(kw: string, k = 0): boolean {
    const t = this.peek(k);
    return t.type === 'ident' && t.value === kw;
  }

  acceptKeyword(kw: string): Token | null {
    return this.isKeyword(kw) ? this.next() : null;
  }

  expectKeyword(kw: string, description = kw): Token {
    if (this.isKeyword(kw)) return this.next();
    return this.fail(description, [kw]);
  }

  isOp(op: string, k = 0): boolean {
    const t = this.peek(k);
    return t.type === 'op' && t.text === op;
  }

  acceptOp(op: string): Token | null {
    return this.isOp(op) ? this.next() : null;
  }

  expectOp(op: string): Token {
    if (this.isOp(op)) return this.next();
    return this.fail(`"${op}"`);
  }

  /** Is the current token an identifier usable as a name (not a reserved word)? */
  isName(k = 0): boolean {
    const t = this.peek(k);
    return t.type === 'quoted_ident' || (t.type === 'ident' && !RESERVED.has(t.value));
  }

  identifier(what = 'a name'): Identifier {
    const t = this.peek();
    if (!this.isName()) return this.fail(what);
    this.next();
    return {
      kind: 'identifier',
      name: t.type === 'quoted_ident' ? t.value : t.text,
      quoted: t.type === 'quoted_ident',
      span: t.span,
    };
  }

  /**
   * Throws a positioned `expected <what> but found <token>`; when the found word is a
   * misspelling of one of `keywords`, adds `did you mean <KEYWORD>?`.
   */
  fail(what: string, keywords: string[] = []): never {
    const t = this.peek();
    let hint: string | undefined;
    if (t.type === 'ident' && keywords.length > 0) {
      const match = closestMatch(t.value, keywords);
      if (match && match !== t.value) hint = syntaxMessages.didYouMean(match);
    }
    const wantsName = what === 'an expression' || what === 'an alias' || what.includes('name');
    if (hint === undefined && wantsName && t.type === 'ident' && NAME_LIKE_RESERVED.has(t.value)) {
      hint = syntaxMessages.quoteKeyword(t.value);
    }
    throw new ParseFailure(
      diagnosticAt(
        'error',
        'syntax',
        t.span,
        syntaxMessages.expected(what, describeToken(t.type, t.text)),
        hint,
      ),
    );
  }

  /** Throws a failure with a specific message at a span. */
  failAt(span: Span, message: string, hint?: string): never {
    throw new ParseFailure(diagnosticAt('error', 'syntax', span, message, hint));
  }

  /** Records a non-fatal error. */
  report(span: Span, message: string, hint?: string): void {
    this.diagnostics.push(diagnosticAt('error', 'syntax', span, message, hint));
  }
}
