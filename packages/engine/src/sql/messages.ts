/**
 * Syntax error messages, as functions so tests can assert the exact text. Analysis messages
 * are in analyze/messages.ts.
 */
export const syntaxMessages = {
  unterminatedString: () => 'unterminated string literal',
  unterminatedIdentifier: () => 'unterminated quoted identifier',
  unterminatedComment: () => 'unterminated block comment',
  unexpectedCharacter: (c: string) => `unexpected character "${c}"`,
  /** `expected FROM but found "FORM"` */
  expected: (what: string, found: string) => `expected ${what} but found ${found}`,
  didYouMean: (keyword: string) => `did you mean ${keyword}?`,
  quoteKeyword: (word: string) =>
    `${word} is a keyword; quote it to use it as a name: "${word.toLowerCase()}"`,
  badDuration: (text: string) =>
    `invalid duration "${text}"; use a number with a unit: ms, s, m, h or d (e.g. 5s, 1m)`,
  durationOutsideWindow: (text: string) =>
    `duration "${text}" is only allowed in WINDOW; use INTERVAL '${text.replace(/[a-z]+$/i, '')}' ${durationUnitWord(text)} here`,
  badIntervalUnit: (unit: string) =>
    `unknown interval unit "${unit}"; use MILLISECOND, SECOND, MINUTE, HOUR, DAY or WEEK`,
  badIntervalQuantity: (text: string) => `invalid interval quantity "${text}"`,
  badTimestamp: (text: string) => `invalid timestamp literal '${text}'`,
  unknownType: (name: string) =>
    `unknown type "${name}"; use BOOLEAN, INTEGER, BIGINT, DECIMAL(p, s), FLOAT, DOUBLE, STRING, VARCHAR, TIMESTAMP or JSON`,
  integerOutOfRange: (text: string) => `integer literal ${text} is out of the 64-bit range`,
  duplicateClause: (clause: string) => `${clause} appears more than once`,
} as const;

function durationUnitWord(text: string): string {
  const unit = text.replace(/^\d+/, '').toLowerCase();
  return (
    (
      { ms: 'MILLISECOND', s: 'SECOND', m: 'MINUTE', h: 'HOUR', d: 'DAY' } as Record<string, string>
    )[unit] ?? 'SECOND'
  );
}

/** How a token is shown in messages: `"FORM"`, `end of input`, `";"`. */
export function describeToken(type: string, text: string): string {
  if (type === 'eof') return 'end of input';
  if (type === 'string') return `string ${text}`;
  return `"${text}"`;
}
