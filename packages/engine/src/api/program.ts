import type { UserMetricSpec } from '../analyze/metric-annotations.ts';
import type { Diagnostic } from '../diagnostics.ts';
import type { Program } from '../plan/program.ts';
import type { Statement } from '../sql/ast.ts';
import type { SourceRef } from './sources.ts';

/** A compiled program: what `createPipeline` runs. Immutable; start as many pipelines as needed. */
export interface CompiledProgram {
  sql: string;
  statements: Statement[];
  /** External sources to push records into (ids as accepted by `Pipeline.push`). */
  sources: SourceRef[];
  /** Output names `takeOutput` can return, in statement order. */
  sinks: {
    sink: string;
    statement: number;
    kind: 'stream' | 'table' | 'select';
    into: string | null;
    columns: string[];
  }[];
  /** Sources read as tables (joins, subqueries): push them to their end first. */
  tableSources: string[];
  /** User metrics declared by `-- @metric` annotations (DESIGN §5), per statement. */
  metrics: UserMetricSpec[];
  plan: Program;
  /** Warnings from analysis. */
  warnings: Diagnostic[];
}
