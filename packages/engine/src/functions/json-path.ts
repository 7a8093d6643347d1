/**
 * JSON_VALUE(json, '$.a.b[0]'): the scalar at a path, keeping its exact type (DECIMAL stays
 * DECIMAL); objects/arrays and missing paths give NULL. JSON_QUERY returns the JSON subtree.
 * The document may be a JSON value or JSON text (parsed exactly).
 */
import { parseJsonExact } from '../formats/json.ts';
import { Decimal } from '../types/decimal.ts';
import { EvaluationError } from '../types/errors.ts';
import { Timestamp, type Value } from '../types/value.ts';
import { anyNull, checkArgs } from './args.ts';
import type { ScalarFunction } from './registry.ts';

export type PathStep = string | number;

const pathCache = new Map<string, PathStep[]>();

/** Parse `$`, `.key`, `."quoted key"`, `['key']`, `[3]` steps. */
export function parseJsonPath(path: string): PathStep[] {
  const cached = pathCache.get(path);
  if (cached) return cached;
  const fail = (): never => {
    throw new EvaluationError(`invalid JSON path '${path}'`);
  };
  let i = 0;
  const p = path.trim();
  if (p[0] === '$') i = 1;
  const steps: PathStep[] = [];
  while (i < p.length) {
    const c = p[i];
    if (c === '.') {
      i++;
      if (p[i] === '"') {
        const close = p.indexOf('"', i + 1);
        if (close < 0) fail();
        steps.push(p.slice(i + 1, close));
        i = close + 1;
      } else {
        const start = i;
        while (i < p.length && p[i] !== '.' && p[i] !== '[') i++;
        if (i === start) fail();
        steps.push(p.slice(start, i));
      }
    } else if (c === '[') {
      const close = p.indexOf(']', i);
      if (close < 0) fail();
      const inner = p.slice(i + 1, close).trim();
      if (/^\d+$/.test(inner)) steps.push(Number(inner));
      else if (/^'.*'$|^".*"$/.test(inner)) steps.push(inner.slice(1, -1));
      else fail();
      i = close + 1;
    } else if (steps.length === 0 && i === 0) {
      // bare `a.b` without `$`
      const start = i;
      while (i < p.length && p[i] !== '.' && p[i] !== '[') i++;
      steps.push(p.slice(start, i));
    } else {
      fail();
    }
  }
  if (pathCache.size > 1000) pathCache.clear();
  pathCache.set(path, steps);
  return steps;
}

function isContainer(v: Value): v is Value[] | { [k: string]: Value } {
  return (
    v !== null && typeof v === 'object' && !(v instanceof Decimal) && !(v instanceof Timestamp)
  );
}

/** Follow a path through a JSON value; undefined when a step is missing. */
export function jsonLookup(doc: Value, steps: PathStep[]): Value | undefined {
  let cur: Value = doc;
  for (const step of steps) {
    if (!isContainer(cur)) return undefined;
    if (Array.isArray(cur)) {
      if (typeof step !== 'number' || step >= cur.length) return undefined;
      cur = cur[step];
    } else {
      const key = String(step);
      if (!Object.hasOwn(cur, key)) return undefined;
      cur = cur[key];
    }
  }
  return cur;
}

function documentOf(v: Value): Value {
  if (typeof v !== 'string') return v;
  try {
    return parseJsonExact(v);
  } catch {
    return null;
  }
}

export const jsonFunctions: ScalarFunction[] = [
  {
    name: 'JSON_VALUE',
    minArgs: 2,
    maxArgs: 2,
    returnType: (a) => checkArgs('JSON_VALUE', a, ['any', 'string']) ?? 'ANY',
    evaluate(args) {
      if (anyNull(args)) return null;
      const found = jsonLookup(documentOf(args[0]), parseJsonPath(String(args[1])));
      if (found === undefined || isContainer(found)) return null;
      return found;
    },
  },
  {
    name: 'JSON_QUERY',
    minArgs: 2,
    maxArgs: 2,
    returnType: (a) => checkArgs('JSON_QUERY', a, ['any', 'string']) ?? 'JSON',
    evaluate(args) {
      if (anyNull(args)) return null;
      const found = jsonLookup(documentOf(args[0]), parseJsonPath(String(args[1])));
      return found === undefined ? null : found;
    },
  },
  {
    name: 'JSON_EXISTS',
    minArgs: 2,
    maxArgs: 2,
    returnType: (a) => checkArgs('JSON_EXISTS', a, ['any', 'string']) ?? 'BOOLEAN',
    evaluate(args) {
      if (anyNull(args)) return null;
      return jsonLookup(documentOf(args[0]), parseJsonPath(String(args[1]))) !== undefined;
    },
  },
];
