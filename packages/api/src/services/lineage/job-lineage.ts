/**
 * A job's lineage between external datasets, from the engine's per-statement lineage: streams
 * and tables a job defines and reads itself are followed through, so every output column
 * names the source columns it is computed from, across statements.
 */
import type { StatementLineage } from '@velo/engine';
import { datasetName } from './dataset-uri.ts';

export interface ColumnRef {
  /** Normalized dataset URI (dataset-uri.ts). */
  uri: string;
  column: string;
}

export interface JobLineage {
  /** Datasets read, with the columns the job uses. */
  inputs: { uri: string; columns: string[] }[];
  /** Datasets written (INTO), with each column's upstream columns. */
  outputs: { uri: string; columns: { name: string; from: ColumnRef[] }[] }[];
}

function addUnique(list: ColumnRef[], ref: ColumnRef): void {
  if (!list.some((r) => r.uri === ref.uri && r.column === ref.column)) list.push(ref);
}

export function jobLineage(statements: StatementLineage[]): JobLineage {
  /** Columns of the streams/tables defined in the job, resolved to external columns. */
  const internal = new Map<string, Map<string, ColumnRef[]>>();
  const inputs = new Map<string, Set<string>>();
  const outputs: JobLineage['outputs'] = [];

  const resolve = (dataset: string, column: string, into: ColumnRef[]) => {
    const defined = internal.get(dataset);
    if (defined) {
      for (const ref of defined.get(column) ?? []) addUnique(into, ref);
      return;
    }
    const uri = datasetName(dataset).uri;
    let used = inputs.get(uri);
    if (!used) {
      used = new Set();
      inputs.set(uri, used);
    }
    used.add(column);
    addUnique(into, { uri, column });
  };

  for (const statement of statements) {
    for (const input of statement.inputs) {
      if (!internal.has(input) && !inputs.has(datasetName(input).uri)) {
        inputs.set(datasetName(input).uri, new Set());
      }
    }
    const columns = statement.columns.map((c) => {
      const from: ColumnRef[] = [];
      for (const source of c.from) resolve(source.dataset, source.column, from);
      return { name: c.name, from };
    });
    if (statement.name) internal.set(statement.name, new Map(columns.map((c) => [c.name, c.from])));
    const writesExternally = statement.output !== statement.name && statement.output !== 'result';
    if (writesExternally) outputs.push({ uri: datasetName(statement.output).uri, columns });
  }
  return {
    inputs: [...inputs].map(([uri, used]) => ({ uri, columns: [...used] })),
    outputs,
  };
}
