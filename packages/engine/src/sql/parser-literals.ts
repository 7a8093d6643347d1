/**
 * Literal forms with their own sub-syntax: window durations (`5s`), INTERVAL literals,
 * TIMESTAMP literals and type names in CAST.
 */
import { parseTimestamp } from '../types/cast.ts';
import type { SqlType } from '../types/value.ts';
import type {
  DurationExpr,
  DurationLiteral,
  IntervalLiteral,
  IntervalUnit,
  TimestampLiteral,
  TypeName,
} from './ast.ts';
import { syntaxMessages } from './messages.ts';
import type { Parser } from './parser-core.ts';

const UNIT_MS: Record<IntervalUnit, number> = {
  MILLISECOND: 1,
  SECOND: 1000,
  MINUTE: 60_000,
  HOUR: 3_600_000,
  DAY: 86_400_000,
  WEEK: 604_800_000,
};

const UNIT_WORDS: Record<string, IntervalUnit> = {
  MS: 'MILLISECOND',
  MILLISECOND: 'MILLISECOND',
  MILLISECONDS: 'MILLISECOND',
  S: 'SECOND',
  SEC: 'SECOND',
  SECS: 'SECOND',
  SECOND: 'SECOND',
  SECONDS: 'SECOND',
  M: 'MINUTE',
  MIN: 'MINUTE',
  MINS: 'MINUTE',
  MINUTE: 'MINUTE',
  MINUTES: 'MINUTE',
  H: 'HOUR',
  HR: 'HOUR',
  HOUR: 'HOUR',
  HOURS: 'HOUR',
  D: 'DAY',
  DAY: 'DAY',
  DAYS: 'DAY',
  W: 'WEEK',
  WEEK: 'WEEK',
  WEEKS: 'WEEK',
};

export function intervalUnit(word: string): IntervalUnit | null {
  return UNIT_WORDS[word.toUpperCase()] ?? null;
}

/** Milliseconds of `quantity unit`, or null if the quantity is not a finite number. */
export function intervalMs(quantity: string, unit: IntervalUnit): number | null {
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(quantity.trim())) return null;
  const ms = Number(quantity) * UNIT_MS[unit];
  return Number.isFinite(ms) ? Math.round(ms) : null;
}

/** `5s` → 5000; null when the unit is unknown. */
export function durationMs(text: string): number | null {
  const m = /^(\d+)([a-zA-Z]+)$/.exec(text);
  if (!m) return null;
  const unit = intervalUnit(m[2]);
  return unit ? intervalMs(m[1], unit) : null;
}

/** A duration token (`5s`) at the cursor. Bad units are reported but parsing goes on. */
export function parseDurationLiteral(p: Parser): DurationLiteral {
  const t = p.next();
  const ms = durationMs(t.text);
  if (ms === null) p.report(t.span, syntaxMessages.badDuration(t.text));
  return { kind: 'duration', text: t.text, ms, span: t.span };
}

/** A duration inside WINDOW (…): `5s` or `INTERVAL …`. */
export function parseDurationExpr(p: Parser): DurationExpr {
  const t = p.peek();
  if (t.type === 'duration') return parseDurationLiteral(p);
  if (p.isKeyword('INTERVAL')) return parseInterval(p);
  if (t.type === 'integer' || t.type === 'decimal') {
    p.next();
    // `5 MINUTES`: a number and a unit word, as INTERVAL without the keyword.
    const u = p.peek();
    const unit = u.type === 'ident' ? intervalUnit(u.value) : null;
    if (unit) {
      p.next();
      const ms = intervalMs(t.text, unit);
      const span = p.spanFrom(t.span.start);
      if (ms === null) p.report(span, syntaxMessages.badDuration(`${t.text} ${u.text}`));
      return { kind: 'interval', quantity: t.text, unit, ms, span };
    }
    p.report(t.span, syntaxMessages.badDuration(t.text));
    return { kind: 'duration', text: t.text, ms: null, span: t.span };
  }
  return p.fail("a duration such as 5s, 1m or INTERVAL '1' MINUTE");
}

/** `INTERVAL '1' MINUTE`, `INTERVAL 5 MINUTES`, `INTERVAL '5 minutes'`, `INTERVAL '5' SECOND`. */
export function parseInterval(p: Parser): IntervalLiteral {
  const start = p.expectKeyword('INTERVAL').span.start;
  const q = p.peek();
  let quantity: string;
  if (q.type === 'string' || q.type === 'integer' || q.type === 'decimal') {
    p.next();
    quantity = q.value.trim();
  } else if (q.type === 'op' && q.text === '-' && ['integer', 'decimal'].includes(p.peek(1).type)) {
    p.next();
    quantity = `-${p.next().text}`;
  } else if (q.type === 'duration') {
    p.next();
    const m = /^(\d+)([a-zA-Z]+)$/.exec(q.text);
    const unit = m ? intervalUnit(m[2]) : null;
    if (!m || !unit) p.report(q.span, syntaxMessages.badIntervalUnit(m ? m[2] : q.text));
    const ms = m && unit ? intervalMs(m[1], unit) : null;
    return { kind: 'interval', quantity: m ? m[1] : q.text, unit, ms, span: p.spanFrom(start) };
  } else {
    return p.fail("an interval quantity such as '1'");
  }
  let unitWord: string | null = null;
  let unitSpan = q.span;
  // `INTERVAL '5 minutes'`: the unit is inside the string.
  const inline = /^([+-]?[\d.]+)\s*([a-zA-Z]+)$/.exec(quantity);
  if (inline) {
    quantity = inline[1];
    unitWord = inline[2];
  } else if (
    p.peek().type === 'ident' &&
    !['AND', 'PRECEDING', 'FOLLOWING'].includes(p.peek().value)
  ) {
    const u = p.next();
    unitWord = u.value;
    unitSpan = u.span;
  }
  if (unitWord === null) return p.fail('an interval unit such as SECOND, MINUTE or HOUR');
  const unit = intervalUnit(unitWord);
  if (!unit) p.report(unitSpan, syntaxMessages.badIntervalUnit(unitWord));
  const ms = unit ? intervalMs(quantity, unit) : null;
  if (unit && ms === null) p.report(q.span, syntaxMessages.badIntervalQuantity(quantity));
  return { kind: 'interval', quantity, unit, ms, span: p.spanFrom(start) };
}

/** `TIMESTAMP '2024-01-01 00:00:00'` (cursor on TIMESTAMP, next token a string). */
export function parseTimestampLiteral(p: Parser): TimestampLiteral {
  const start = p.next().span.start;
  const s = p.next();
  let ms: number | null = null;
  try {
    ms = parseTimestamp(s.value, 'iso8601').ms;
  } catch {
    p.report(s.span, syntaxMessages.badTimestamp(s.value));
  }
  return { kind: 'timestamp', text: s.value, ms, span: p.spanFrom(start) };
}

const TYPE_NAMES: Record<string, SqlType> = {
  BOOLEAN: 'BOOLEAN',
  BOOL: 'BOOLEAN',
  INTEGER: 'INTEGER',
  INT: 'INTEGER',
  BIGINT: 'INTEGER',
  SMALLINT: 'INTEGER',
  TINYINT: 'INTEGER',
  LONG: 'INTEGER',
  DECIMAL: 'DECIMAL',
  NUMERIC: 'DECIMAL',
  DEC: 'DECIMAL',
  FLOAT: 'FLOAT',
  DOUBLE: 'FLOAT',
  REAL: 'FLOAT',
  STRING: 'STRING',
  VARCHAR: 'STRING',
  TEXT: 'STRING',
  CHAR: 'STRING',
  TIMESTAMP: 'TIMESTAMP',
  JSON: 'JSON',
};

/** `DECIMAL(10, 2)`, `VARCHAR(20)`, `DOUBLE PRECISION`, `BIGINT`. */
export function parseTypeName(p: Parser): TypeName {
  const t = p.peek();
  if (t.type !== 'ident') return p.fail('a type name');
  p.next();
  const start = t.span.start;
  let name = t.value;
  if (name === 'DOUBLE' && p.isKeyword('PRECISION')) {
    p.next();
    name = 'DOUBLE PRECISION';
  }
  let precision: number | null = null;
  let scale: number | null = null;
  if (p.acceptOp('(')) {
    const pt = p.peek();
    if (pt.type !== 'integer') p.fail('a precision (an integer)');
    precision = Number(p.next().text);
    if (p.acceptOp(',')) {
      if (p.peek().type !== 'integer') p.fail('a scale (an integer)');
      scale = Number(p.next().text);
    }
    p.expectOp(')');
  }
  const type = TYPE_NAMES[name.split(' ')[0]] ?? null;
  const span = p.spanFrom(start);
  if (type === null) p.report(span, syntaxMessages.unknownType(t.text));
  return { kind: 'type_name', name, type, precision, scale, span };
}
