/**
 * Reads sqllogictest files (`.slt`, the format of DataFusion and DuckDB), adapted to a
 * streaming engine without INSERT: tables are JSONL sources declared in the file.
 *
 *   # comment
 *   source t                      ← JSONL records of source `t`, up to a blank line
 *   {"a": 1, "b": "x"}
 *
 *   query IT rowsort              ← one letter per column; rowsort | nosort (default)
 *   SELECT a, b FROM t
 *   ----
 *   1 x                           ← values separated by one space; NULL, (empty) for ''
 *
 *   query error <text>            ← compilation fails (or a row is dead-lettered) with a
 *   SELECT …                        message containing <text>
 *
 *   statement ok                  ← compiles and runs without errors or dead letters
 *   SELECT …
 */

export interface SltSource {
  name: string;
  jsonl: string;
}

export interface SltQuery {
  /** `file:line` of the record, for test names. */
  where: string;
  sql: string;
  /** Sources defined when the query appears (later definitions replace earlier ones). */
  sources: Map<string, string>;
  kind: 'query' | 'error' | 'ok';
  columns: number;
  sort: 'rowsort' | 'nosort';
  expected: string[];
  error: string;
}

export function parseSlt(text: string, file: string): SltQuery[] {
  const lines = text.split('\n');
  const queries: SltQuery[] = [];
  const sources = new Map<string, string>();
  let i = 0;
  const blockUntilBlank = (): string[] => {
    const out: string[] = [];
    while (i < lines.length && lines[i].trim() !== '') out.push(lines[i++]);
    return out;
  };
  while (i < lines.length) {
    const line = lines[i];
    const start = i + 1;
    i++;
    if (line.trim() === '' || line.startsWith('#')) continue;
    const words = line.trim().split(/\s+/);
    if (words[0] === 'source') {
      sources.set(words[1], blockUntilBlank().join('\n'));
      continue;
    }
    if (words[0] === 'statement') {
      const sql = blockUntilBlank().join('\n');
      queries.push(base(file, start, sql, sources, words[1] === 'ok' ? 'ok' : 'error', ''));
      continue;
    }
    if (words[0] !== 'query') throw new Error(`${file}:${start}: unknown record "${line}"`);
    if (words[1] === 'error') {
      const error = line.trim().slice('query error'.length).trim();
      queries.push(base(file, start, blockUntilBlank().join('\n'), sources, 'error', error));
      continue;
    }
    const sqlLines: string[] = [];
    while (i < lines.length && lines[i] !== '----') sqlLines.push(lines[i++]);
    if (i >= lines.length) throw new Error(`${file}:${start}: query without ----`);
    i++;
    const q = base(file, start, sqlLines.join('\n'), sources, 'query', '');
    q.columns = words[1]?.length ?? 0;
    q.sort = words[2] === 'rowsort' ? 'rowsort' : 'nosort';
    q.expected = blockUntilBlank();
    queries.push(q);
  }
  return queries;
}

function base(
  file: string,
  line: number,
  sql: string,
  sources: Map<string, string>,
  kind: SltQuery['kind'],
  error: string,
): SltQuery {
  return {
    where: `${file}:${line}`,
    sql,
    sources: new Map(sources),
    kind,
    columns: 0,
    sort: 'nosort',
    expected: [],
    error,
  };
}
