/**
 * String scalar functions. Positions and lengths count Unicode code points (Postgres
 * characters), not UTF-16 units. NULL in -> NULL out, except CONCAT/CONCAT_WS (skip NULLs).
 */
import { EvaluationError } from '../types/errors.ts';
import type { SqlType, Value } from '../types/value.ts';
import { type ArgKind, anyNull, asInt, asText, checkArgs } from './args.ts';
import type { ScalarFunction } from './registry.ts';

function hasSurrogates(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) return true;
  }
  return false;
}

function codePoints(s: string): string[] {
  return [...s];
}

export function codePointLength(s: string): number {
  if (!hasSurrogates(s)) return s.length;
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Postgres SUBSTRING(s FROM start FOR len) over code points. */
export function substring(s: string, start: number, len?: number): string {
  if (len !== undefined && len < 0)
    throw new EvaluationError('negative substring length not allowed');
  const simple = !hasSurrogates(s);
  const total = simple ? s.length : codePointLength(s);
  let from = start - 1;
  let to = len === undefined ? total : from + len;
  if (from < 0) from = 0;
  if (to > total) to = total;
  if (to <= from) return '';
  return simple ? s.slice(from, to) : codePoints(s).slice(from, to).join('');
}

function stringFn(
  name: string,
  kinds: ArgKind[],
  minArgs: number,
  maxArgs: number,
  result: SqlType,
  fn: (args: Value[]) => Value,
): ScalarFunction {
  return {
    name,
    minArgs,
    maxArgs,
    returnType: (a) => checkArgs(name, a, kinds) ?? result,
    evaluate(args) {
      if (anyNull(args)) return null;
      return fn(args);
    },
  };
}

function trimChars(s: string, chars: string, left: boolean, right: boolean): string {
  const set = new Set(codePoints(chars));
  const cps = codePoints(s);
  let a = 0;
  let b = cps.length;
  if (left) while (a < b && set.has(cps[a])) a++;
  if (right) while (b > a && set.has(cps[b - 1])) b--;
  return cps.slice(a, b).join('');
}

function trimFn(name: string, left: boolean, right: boolean): ScalarFunction {
  return stringFn(name, ['string'], 1, 2, 'STRING', (args) => {
    const s = asText(args[0]);
    if (args.length > 1) return trimChars(s, asText(args[1]), left, right);
    // Postgres trims spaces only
    if (left && right) return trimChars(s, ' ', true, true);
    return trimChars(s, ' ', left, right);
  });
}

function concatText(args: Value[]): string {
  let out = '';
  for (const a of args) if (a !== null) out += asText(a);
  return out;
}

/** The `||` operator: NULL if either side is NULL (unlike CONCAT). */
export function concatOperator(a: Value, b: Value): Value {
  if (a === null || b === null) return null;
  return asText(a) + asText(b);
}

/** 1-based code-point position of needle in haystack, 0 when absent. */
function position(haystack: string, needle: string): bigint {
  const i = haystack.indexOf(needle);
  return i < 0 ? 0n : BigInt(codePointLength(haystack.slice(0, i)) + 1);
}

function splitPart(s: string, delimiter: string, n: number): string {
  if (n === 0) throw new EvaluationError('field position must not be zero');
  if (delimiter === '') return n === 1 || n === -1 ? s : '';
  const parts = s.split(delimiter);
  const index = n > 0 ? n - 1 : parts.length + n;
  return index >= 0 && index < parts.length ? parts[index] : '';
}

function pad(s: string, length: number, fill: string, left: boolean): string {
  const cps = codePoints(s);
  if (length <= cps.length) return cps.slice(0, Math.max(length, 0)).join('');
  const fillCps = codePoints(fill);
  if (fillCps.length === 0) return s;
  const padding: string[] = [];
  for (let i = 0; padding.length < length - cps.length; i++)
    padding.push(fillCps[i % fillCps.length]);
  return left ? padding.join('') + s : s + padding.join('');
}

export const stringFunctions: ScalarFunction[] = [
  stringFn('UPPER', ['string'], 1, 1, 'STRING', ([s]) => asText(s).toUpperCase()),
  stringFn('LOWER', ['string'], 1, 1, 'STRING', ([s]) => asText(s).toLowerCase()),
  trimFn('TRIM', true, true),
  trimFn('LTRIM', true, false),
  trimFn('RTRIM', false, true),
  stringFn('BTRIM', ['string'], 1, 2, 'STRING', (args) =>
    trimChars(asText(args[0]), args.length > 1 ? asText(args[1]) : ' ', true, true),
  ),
  stringFn('LENGTH', ['string'], 1, 1, 'INTEGER', ([s]) => BigInt(codePointLength(asText(s)))),
  stringFn('OCTET_LENGTH', ['string'], 1, 1, 'INTEGER', ([s]) =>
    BigInt(new TextEncoder().encode(asText(s)).length),
  ),
  stringFn('SUBSTRING', ['string', 'integer'], 2, 3, 'STRING', (args) =>
    substring(
      asText(args[0]),
      asInt('SUBSTRING', args[1]),
      args.length > 2 ? asInt('SUBSTRING', args[2]) : undefined,
    ),
  ),
  stringFn('LEFT', ['string', 'integer'], 2, 2, 'STRING', ([s, n]) => {
    const cps = codePoints(asText(s));
    const k = asInt('LEFT', n);
    return cps.slice(0, k < 0 ? Math.max(cps.length + k, 0) : k).join('');
  }),
  stringFn('RIGHT', ['string', 'integer'], 2, 2, 'STRING', ([s, n]) => {
    const cps = codePoints(asText(s));
    const k = asInt('RIGHT', n);
    return cps.slice(k < 0 ? Math.min(-k, cps.length) : Math.max(cps.length - k, 0)).join('');
  }),
  {
    name: 'CONCAT',
    minArgs: 1,
    maxArgs: Number.POSITIVE_INFINITY,
    returnType: () => 'STRING',
    evaluate: (args) => concatText(args),
  },
  {
    name: 'CONCAT_WS',
    minArgs: 2,
    maxArgs: Number.POSITIVE_INFINITY,
    returnType: (a) => checkArgs('CONCAT_WS', a.slice(0, 1), ['string']) ?? 'STRING',
    evaluate(args) {
      if (args[0] === null) return null;
      const sep = asText(args[0]);
      const parts: string[] = [];
      for (let i = 1; i < args.length; i++) if (args[i] !== null) parts.push(asText(args[i]));
      return parts.join(sep);
    },
  },
  stringFn('REPLACE', ['string'], 3, 3, 'STRING', ([s, from, to]) => {
    const f = asText(from);
    return f === '' ? asText(s) : asText(s).split(f).join(asText(to));
  }),
  stringFn('SPLIT_PART', ['string', 'string', 'integer'], 3, 3, 'STRING', ([s, d, n]) =>
    splitPart(asText(s), asText(d), asInt('SPLIT_PART', n)),
  ),
  // POSITION(needle IN haystack) arrives as (needle, haystack)
  stringFn('POSITION', ['string'], 2, 2, 'INTEGER', ([needle, haystack]) =>
    position(asText(haystack), asText(needle)),
  ),
  // STRPOS(haystack, needle), Postgres order
  stringFn('STRPOS', ['string'], 2, 2, 'INTEGER', ([haystack, needle]) =>
    position(asText(haystack), asText(needle)),
  ),
  stringFn('REVERSE', ['string'], 1, 1, 'STRING', ([s]) =>
    codePoints(asText(s)).reverse().join(''),
  ),
  stringFn('REPEAT', ['string', 'integer'], 2, 2, 'STRING', ([s, n]) =>
    asText(s).repeat(Math.max(asInt('REPEAT', n), 0)),
  ),
  stringFn('LPAD', ['string', 'integer', 'string'], 2, 3, 'STRING', (args) =>
    pad(asText(args[0]), asInt('LPAD', args[1]), args.length > 2 ? asText(args[2]) : ' ', true),
  ),
  stringFn('RPAD', ['string', 'integer', 'string'], 2, 3, 'STRING', (args) =>
    pad(asText(args[0]), asInt('RPAD', args[1]), args.length > 2 ? asText(args[2]) : ' ', false),
  ),
  stringFn('STARTS_WITH', ['string'], 2, 2, 'BOOLEAN', ([s, p]) => asText(s).startsWith(asText(p))),
  stringFn('ENDS_WITH', ['string'], 2, 2, 'BOOLEAN', ([s, p]) => asText(s).endsWith(asText(p))),
  stringFn('CONTAINS', ['string'], 2, 2, 'BOOLEAN', ([s, p]) => asText(s).includes(asText(p))),
  stringFn('INITCAP', ['string'], 1, 1, 'STRING', ([s]) =>
    asText(s)
      .toLowerCase()
      .replace(/(^|[^\p{L}\p{N}])(\p{L})/gu, (_, pre: string, c: string) => pre + c.toUpperCase()),
  ),
  stringFn('REGEXP_REPLACE', ['string'], 3, 4, 'STRING', (args) => {
    const flags = args.length > 3 ? asText(args[3]) : '';
    let re: RegExp;
    try {
      re = new RegExp(
        asText(args[1]),
        `u${flags.includes('g') ? 'g' : ''}${flags.includes('i') ? 'i' : ''}`,
      );
    } catch {
      throw new EvaluationError(`invalid regular expression '${asText(args[1])}'`);
    }
    return asText(args[0]).replace(re, asText(args[2]).replace(/\\(\d)/g, '$$$1'));
  }),
  stringFn('REGEXP_LIKE', ['string'], 2, 2, 'BOOLEAN', ([s, p]) => {
    try {
      return new RegExp(asText(p), 'u').test(asText(s));
    } catch {
      throw new EvaluationError(`invalid regular expression '${asText(p)}'`);
    }
  }),
];
