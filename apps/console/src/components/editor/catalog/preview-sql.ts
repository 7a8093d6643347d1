/** `SELECT * FROM '<uri>'`, the query "Preview source" runs (quotes in the URI doubled). */
export function previewSourceSql(uri: string): string {
  return `SELECT * FROM ${quoteUri(uri)}`;
}

/** A URI as a SQL string literal, for inserting into the editor. */
export function quoteUri(uri: string): string {
  return `'${uri.replaceAll("'", "''")}'`;
}

/** The saved connection a URI being typed names (`kafka://@local/or` → `local`), or null. */
export function connectionNameOf(typed: string): string | null {
  return /^[a-z][a-z0-9+.-]*:\/\/@([A-Za-z0-9_-]+)\//i.exec(typed)?.[1] ?? null;
}
