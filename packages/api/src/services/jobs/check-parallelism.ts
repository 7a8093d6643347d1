import { parallelismProblem } from '@velo/runtime';
import { AppError } from '../../errors.ts';

/**
 * Refuses a parallelism the SQL cannot run with (state that would be split between tasks, a
 * source that is not partitioned; see @velo/runtime's parallelismProblem, which the worker
 * applies again at start).
 */
export function assertParallelism(sql: string, parallelism: number): void {
  const problem = parallelismProblem(sql, parallelism);
  if (problem) throw new AppError('INVALID_INPUT', problem);
}
