/**
 * @velo/runtime — the one run loop (sources → pipeline → sinks) shared by the CLI, the worker
 * and the browser preview. Pure TypeScript, no Node built-ins.
 */
export { ArraySource, type ArraySourceOptions, MemorySink } from './memory.ts';
export { type ParallelPlan, parallelismProblem, parallelPlan } from './parallelism.ts';
export { peekSource } from './peek-source.ts';
export {
  type RepartitionInput,
  type RepartitionPlan,
  repartitionTopicPrefix,
} from './repartition-plan.ts';
export { ResultTable } from './result-table.ts';
export { runProgram, startRun } from './run.ts';
export type * from './run-types.ts';
export type * from './types.ts';
