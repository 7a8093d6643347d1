/** explain: the operator chain of every statement, one line per operator. */
import { createRuntimeContext } from '../exec/context.ts';
import { buildGraph } from '../plan/build.ts';
import type { CompiledProgram } from './program.ts';

export function explain(program: CompiledProgram): string {
  const { plan } = program;
  const lines: string[] = [];
  const graph = buildGraph(
    plan,
    createRuntimeContext(() => 0),
    () => {},
  );
  for (const s of plan.statements) {
    const title = s.kind === 'select' ? 'SELECT' : `CREATE ${s.kind.toUpperCase()} ${s.name}`;
    lines.push(`statement ${s.index + 1}: ${title} -> ${s.sink}`);
    for (const r of s.relations) {
      const input =
        r.input.kind === 'source'
          ? `source ${r.input.sourceId}`
          : `statement ${r.input.statement + 1} (${plan.statements[r.input.statement].name})`;
      const src =
        r.input.kind === 'source'
          ? plan.sources.find((x) => x.id === (r.input as { sourceId: string }).sourceId)
          : undefined;
      const et = src
        ? ` event-time=${src.eventTime.field ? `${src.eventTime.field} (${src.eventTime.format})` : 'record timestamp'} watermark-delay=${src.watermarkDelay}ms`
        : '';
      lines.push(`  read ${r.alias ? `${r.alias} <- ` : ''}${input}${et}`);
    }
    for (const op of graph.statementOperators[s.index]) lines.push(`  ${op.describe()}`);
    lines.push(`  emit -> ${s.sink}${s.columns.length > 0 ? ` (${s.columns.join(', ')})` : ''}`);
  }
  for (const t of plan.tables) {
    const input =
      t.input.kind === 'source'
        ? `source ${t.input.sourceId}`
        : `statement ${t.input.statement + 1}`;
    lines.push(`table ${t.name} <- ${input}`);
  }
  return lines.join('\n');
}
