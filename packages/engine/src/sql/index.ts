/**
 * The SQL front end's public surface: parsing, tokens (for editor highlighting) and the
 * keyword lists used by completion.
 */
import { RESERVED } from './parser-core.ts';

export type * from './ast.ts';
export { type Comment, type LexResult, type Token, type TokenType, tokenize } from './lexer.ts';
export { describeToken, syntaxMessages } from './messages.ts';
export { type ParseResult, parseSql } from './parser.ts';
export { CLAUSE_KEYWORDS } from './parser-core.ts';
export { durationMs, intervalMs, intervalUnit } from './parser-literals.ts';
export { uriParams } from './parser-select.ts';
export { closestMatch, editDistance } from './suggest.ts';

/** Words that must be quoted to be used as names. */
export const RESERVED_WORDS: readonly string[] = [...RESERVED].sort();

/** Every keyword of the dialect (reserved or not), for highlighting and completion. */
export const SQL_KEYWORDS: readonly string[] = [
  ...new Set([
    ...RESERVED,
    'STREAM',
    'TABLE',
    'ALL',
    'TUMBLING',
    'SLIDING',
    'HOPPING',
    'SESSION',
    'FINAL',
    'CHANGES',
    'INTERVAL',
    'TIMESTAMP',
    'CAST',
    'TRY_CAST',
    'EXTRACT',
    'PARTITION',
    'ROWS',
    'RANGE',
    'PRECEDING',
    'FOLLOWING',
    'CURRENT',
    'ROW',
    'UNBOUNDED',
    'ASC',
    'DESC',
    'NULLS',
    'FIRST',
    'LAST',
    'FOR',
    'MILLISECOND',
    'SECOND',
    'MINUTE',
    'HOUR',
    'DAY',
    'WEEK',
  ]),
].sort();
