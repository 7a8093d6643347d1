/** Identifier quoting and the relation a source reads (a table or a wrapped query). */
import type { PostgresConfig } from './config.ts';

/** `"name"` with inner quotes doubled; the name is used exactly as written (case kept). */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** `orders` → `"orders"`, `sales.orders` → `"sales"."orders"`. */
export function quoteTable(table: string): string {
  return table.split('.').map(quoteIdent).join('.');
}

/** `{schema, name}` of `table`, `public` when no schema is written. */
export function splitTable(table: string): { schema: string; name: string } {
  const dot = table.indexOf('.');
  return dot < 0
    ? { schema: 'public', name: table }
    : { schema: table.slice(0, dot), name: table.slice(dot + 1) };
}

/** What a source selects from: the table, or the query as a derived table. */
export function relationOf(config: PostgresConfig): string {
  if (config.table) return quoteTable(config.table);
  return `(${config.query}) AS velo_source`;
}
