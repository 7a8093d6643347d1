/** createPipeline / restorePipeline: running a compiled program. */
import { Pipeline, type PipelineOptions } from '../exec/pipeline.ts';
import { buildGraph } from '../plan/build.ts';
import type { CompiledProgram } from './program.ts';

export function createPipeline(program: CompiledProgram, options: PipelineOptions = {}): Pipeline {
  if (!program?.plan)
    throw new Error('createPipeline needs a compiled program (compile(sql).program)');
  return new Pipeline(
    (ctx, onTableLoaded) => buildGraph(program.plan, ctx, onTableLoaded),
    options,
  );
}

/** A pipeline that continues from `snapshot` (taken with `Pipeline.snapshot()` on the same program). */
export function restorePipeline(
  program: CompiledProgram,
  snapshot: unknown,
  options: PipelineOptions = {},
): Pipeline {
  const p = createPipeline(program, options);
  p.restore(snapshot);
  return p;
}
