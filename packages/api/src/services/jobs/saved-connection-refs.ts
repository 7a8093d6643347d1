/**
 * `kafka://@orders-cluster/orders`: URIs that name a team's saved connection. Shared by the
 * API (validation) and the worker (resolution), so both read the same names.
 */
const SAVED = /^([a-z][a-z0-9+.-]*):\/\/@([^/?#]+)/i;

export interface SavedConnectionRef {
  scheme: string;
  name: string;
}

/** The saved connection a URI names, or null for a self-contained URI. */
export function savedConnectionOf(uri: string): SavedConnectionRef | null {
  const m = SAVED.exec(uri);
  if (!m) return null;
  return { scheme: m[1].toLowerCase(), name: decodeURIComponent(m[2]) };
}

/** 1-based line and column of the first occurrence of `needle` in `text` (1, 1 when absent). */
export function positionOf(text: string, needle: string): { line: number; column: number } {
  const at = text.indexOf(needle);
  if (at < 0) return { line: 1, column: 1 };
  const before = text.slice(0, at).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

/** Every quoted URI in the SQL (sources and INTO sinks). */
export function quotedUris(sql: string): string[] {
  const out = new Set<string>();
  for (const m of sql.matchAll(/'([a-z][a-z0-9+.-]*:\/\/[^']*)'/gi)) out.add(m[1]);
  return [...out];
}
