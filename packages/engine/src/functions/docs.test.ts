import { describe, expect, it } from 'vitest';
import { WINDOW_ONLY_FUNCTIONS } from '../analyze/functions.ts';
import { aggregateFunctionNames } from './aggregates.ts';
import { functionDoc, functionSignature } from './docs.ts';
import { getScalarFunction, scalarFunctionNames } from './registry.ts';

describe('function docs', () => {
  it('document every function the registries hold, aliases included', () => {
    const names = [
      ...scalarFunctionNames().filter((n) => !n.startsWith('$')),
      ...aggregateFunctionNames(),
      ...Object.keys(WINDOW_ONLY_FUNCTIONS),
    ];
    expect(names.filter((n) => functionDoc(n) === undefined)).toEqual([]);
  });

  it('list as many required parameters as the registry asks for', () => {
    for (const name of scalarFunctionNames().filter((n) => !n.startsWith('$'))) {
      const fn = getScalarFunction(name)!;
      const doc = functionDoc(name)!;
      // `field FROM ts` and `needle IN haystack` are two arguments written SQL's way.
      const required = doc.params
        .filter((p) => !p.endsWith('?') && p !== '...')
        .reduce((n, p) => n + p.split(/ (?:FROM|IN) /).length, 0);
      expect({ name, required }).toEqual({ name, required: fn.minArgs });
    }
  });

  it('resolve aliases and print signatures', () => {
    expect(functionSignature(functionDoc('substr')!)).toBe('SUBSTRING(s, start, length?) → STRING');
    expect(functionSignature(functionDoc('STDEV')!)).toBe('STDDEV(x) → FLOAT');
    expect(functionSignature(functionDoc('tumble_start')!)).toBe('TUMBLE_START() → TIMESTAMP');
    expect(functionDoc('NO_SUCH_FUNCTION')).toBeUndefined();
  });
});
