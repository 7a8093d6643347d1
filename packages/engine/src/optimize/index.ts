/** The optimizer: an ordered list of pure rules over the logical plan (DataFusion style). */
import type { Program } from '../plan/program.ts';
import { foldConstants } from './fold-constants.ts';
import { pushFilterBelowJoin } from './push-filter-below-join.ts';

export type OptimizerRule = (program: Program) => Program;

export const RULES: readonly OptimizerRule[] = [foldConstants, pushFilterBelowJoin];

export function optimize(program: Program, rules: readonly OptimizerRule[] = RULES): Program {
  return rules.reduce((p, rule) => rule(p), program);
}
