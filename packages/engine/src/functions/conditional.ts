/** COALESCE, NULLIF, GREATEST, LEAST. */
import { compareValues, valuesEqual } from '../types/compare.ts';
import { unifyTypes } from '../types/schema.ts';
import type { SqlType } from '../types/value.ts';
import type { ScalarFunction } from './registry.ts';

/** Common type of several arguments, or an error naming the first clash. */
export function commonType(name: string, args: SqlType[]): SqlType | { error: string } {
  let t: SqlType = 'NULL';
  for (const a of args) {
    if (a === 'ANY') return 'ANY';
    const u = unifyTypes(t, a);
    if (u === 'ANY') return { error: `${name} types ${t} and ${a} cannot be matched` };
    t = u;
  }
  return t;
}

function extreme(name: string, sign: 1 | -1): ScalarFunction {
  return {
    name,
    minArgs: 1,
    maxArgs: Number.POSITIVE_INFINITY,
    returnType: (a) => commonType(name, a),
    evaluate(args) {
      // NULLs are ignored (Postgres); all NULL gives NULL
      let best = null;
      for (const v of args) {
        if (v === null) continue;
        if (best === null || compareValues(v, best) * sign > 0) best = v;
      }
      return best;
    },
  };
}

export const conditionalFunctions: ScalarFunction[] = [
  {
    name: 'COALESCE',
    minArgs: 1,
    maxArgs: Number.POSITIVE_INFINITY,
    returnType: (a) => commonType('COALESCE', a),
    evaluate(args) {
      for (const v of args) if (v !== null) return v;
      return null;
    },
  },
  {
    name: 'NULLIF',
    minArgs: 2,
    maxArgs: 2,
    returnType(a) {
      const t = commonType('NULLIF', a);
      return typeof t === 'string' ? a[0] : t;
    },
    evaluate([a, b]) {
      if (a === null) return null;
      if (b === null) return a;
      return valuesEqual(a, b) ? null : a;
    },
  },
  extreme('GREATEST', 1),
  extreme('LEAST', -1),
];
