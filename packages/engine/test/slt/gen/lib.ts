/**
 * Writes `.slt` files. Expected rows come from DuckDB (the reference batch engine, run here
 * once; the files are committed and the test reads only them) or are written by hand where
 * Velo's dialect differs on purpose (docs/sql.md lists those rules). Never from Velo.
 * Run: `npx tsx packages/engine/test/slt/gen/main.ts`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';

export interface Table {
  name: string;
  /** DuckDB column definitions, e.g. `a INTEGER, d DECIMAL(10,2)`. */
  ddl: string;
  /** Rows as JSON objects; decimals as strings of digits (written as JSON numbers). */
  rows: Record<string, string | number | boolean | null>[];
  /** Columns whose string values are written as JSON numbers (exact decimals). */
  numeric?: string[];
}

export interface Case {
  sql: string;
  /** DuckDB's spelling when Velo's differs (e.g. `EMIT FINAL`). */
  duck?: string;
  /** Hand-written rows (Velo's documented rule differs from DuckDB's). */
  expected?: string[];
  /** Compare sorted: the order is not defined by the query. */
  rowsort?: boolean;
  /** `query error <text>`: compilation must fail with this message. */
  error?: string;
  comment?: string;
}

export function jsonl(t: Table): string {
  return t.rows
    .map(
      (r) =>
        `{${Object.entries(r)
          .map(
            ([k, v]) =>
              `"${k}": ${v === null ? 'null' : t.numeric?.includes(k) ? v : JSON.stringify(v)}`,
          )
          .join(', ')}}`,
    )
    .join('\n');
}

function sqlLiteral(v: string | number | boolean | null, numeric: boolean): string {
  if (v === null) return 'NULL';
  if (typeof v === 'number' || typeof v === 'boolean' || numeric) return String(v);
  return `'${v.replace(/'/g, "''")}'`;
}

export async function loadTable(duck: DuckDBConnection, t: Table): Promise<void> {
  await duck.run(`DROP TABLE IF EXISTS ${t.name}`);
  await duck.run(`CREATE TABLE ${t.name} (${t.ddl})`);
  if (t.rows.length === 0) return;
  const cols = t.ddl.split(/,(?![^(]*\))/).map((c) => c.trim().split(/\s+/)[0]);
  const values = t.rows
    .map(
      (r) =>
        `(${cols.map((c) => sqlLiteral(r[c] ?? null, t.numeric?.includes(c) ?? false)).join(', ')})`,
    )
    .join(', ');
  await duck.run(`INSERT INTO ${t.name} VALUES ${values}`);
}

function render(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (v === '') return '(empty)';
  if (Array.isArray(v) || typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export async function writeSlt(
  duck: DuckDBConnection,
  dir: string,
  file: string,
  header: string,
  tables: Table[],
  cases: Case[],
): Promise<number> {
  for (const t of tables) await loadTable(duck, t);
  const out: string[] = [
    header
      .split('\n')
      .map((l) => `# ${l}`)
      .join('\n'),
    '',
  ];
  for (const t of tables) out.push(`source ${t.name}`, jsonl(t), '');
  for (const c of cases) {
    if (c.comment) out.push(`# ${c.comment}`);
    if (c.error !== undefined) {
      out.push(`query error ${c.error}`, c.sql, '');
      continue;
    }
    let rows: string[];
    let columns: number;
    if (c.expected) {
      rows = c.expected;
      columns = rows[0]?.split(' ').length ?? 1;
      const r = await duck.runAndReadAll(c.duck ?? c.sql.replace(/\s+EMIT FINAL/g, ''));
      columns = r.columnNames().length;
    } else {
      const r = await duck.runAndReadAll(c.duck ?? c.sql.replace(/\s+EMIT FINAL/g, ''));
      const names = r.columnNames();
      columns = names.length;
      rows = r.getRowsJson().map((row) => row.map(render).join(' '));
    }
    out.push(
      `query ${'T'.repeat(columns)}${c.rowsort ? ' rowsort' : ''}`,
      c.sql,
      '----',
      ...rows,
      '',
    );
  }
  writeFileSync(join(dir, file), `${out.join('\n').trimEnd()}\n`);
  return cases.length;
}
