import { type EngineRecord, formatJsonValue, type Value } from '@velo/engine';

function cell(v: Value | undefined): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'string') return v;
  const json = formatJsonValue(v);
  return json.startsWith('"') ? (JSON.parse(json) as string) : json;
}

function isNumeric(v: Value | undefined): boolean {
  return (
    typeof v === 'bigint' ||
    typeof v === 'number' ||
    (v !== null && typeof v === 'object' && 'unscaled' in v)
  );
}

/** psql-style table: left-aligned text, right-aligned numbers, row count footer. */
export function formatTable(columns: string[], records: EngineRecord[]): string {
  const rows = records.map((r) => columns.map((c) => cell(r.fields[c])));
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[], right: boolean[]) =>
    cells
      .map((c, i) => (right[i] ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join(' | ')
      .trimEnd();
  const out = [
    line(
      columns,
      columns.map(() => false),
    ),
  ];
  out.push(widths.map((w) => '-'.repeat(w)).join('-+-'));
  records.forEach((r, i) => {
    out.push(
      line(
        rows[i],
        columns.map((c) => isNumeric(r.fields[c])),
      ),
    );
  });
  out.push(`(${records.length} ${records.length === 1 ? 'row' : 'rows'})`);
  return `${out.join('\n')}\n`;
}
