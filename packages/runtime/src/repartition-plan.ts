/**
 * Repartitioning for parallel jobs (as Kafka Streams and ksqlDB do): a statement whose keyed
 * state (GROUP BY, OVER (PARTITION BY …)) is keyed by columns other than the input's message
 * key reads its Kafka source through an internal topic of N partitions keyed by the grouping
 * key, so each key's state lives in exactly one task. This module decides whether a statement
 * can be repartitioned and by which JSON fields; the worker runs the forwarding (stage 1) and
 * the statement over the internal topic (stage 2).
 *
 * Repartitionable: one statement reading one Kafka source in JSON, keyed by plain columns or
 * nested fields (`customer`, `o.customer`, `payload.device.id`), Flink-style window calls in
 * GROUP BY (TUMBLE/HOP/SESSION) aside, and not reading `_key`, `_partition` or `_offset`
 * (stage 2 sees the internal topic's).
 */
import type { Statement } from '@velo/engine';

type Select = Statement['query'];

export interface RepartitionPlan {
  /** The Kafka source URI as written (replaced in stage 2 by the internal topic's). */
  sourceUri: string;
  /** JSON field paths of the grouping key, in GROUP BY / PARTITION BY order. */
  keyPaths: string[][];
}

const WINDOW_CALLS = new Set(['TUMBLE', 'HOP', 'SESSION']);
const POSITION_COLUMNS = new Set(['_key', '_partition', '_offset']);

interface ColumnNode {
  kind: 'column';
  parts: { name: string }[];
}

/** Every column reference of a node tree (any AST node), subqueries included. */
function columnsOf(node: unknown, out: ColumnNode[]): ColumnNode[] {
  if (Array.isArray(node)) {
    for (const x of node) columnsOf(x, out);
    return out;
  }
  if (typeof node !== 'object' || node === null) return out;
  if ((node as { kind?: string }).kind === 'column') out.push(node as ColumnNode);
  for (const [k, v] of Object.entries(node)) {
    if (k !== 'span' && k !== 'nameSpan' && typeof v === 'object' && v !== null) columnsOf(v, out);
  }
  return out;
}

/** A grouping expression as a JSON path, or a reason it is not one. */
function pathOf(expr: unknown, alias: string | null): string[] | string {
  const e = expr as { kind?: string; parts?: { name: string }[]; name?: string };
  if (e.kind !== 'column' || !e.parts) return 'repartitioning needs GROUP BY columns or fields';
  const parts = e.parts.map((p) => p.name);
  if (alias !== null && parts.length > 1 && parts[0].toLowerCase() === alias.toLowerCase())
    return parts.slice(1);
  return parts;
}

/**
 * The repartition plan of the keyed statement `st` with grouping expressions `keys`, or why it
 * cannot be repartitioned.
 */
export function repartitionPlanOf(
  statements: Statement[],
  st: Statement,
  keys: unknown[],
): RepartitionPlan | string {
  if (statements.length !== 1) return 'repartitioning works on a file of one statement';
  const q: Select = st.query;
  const from = q.from;
  if (from?.kind !== 'uri_source' || !/^kafka:/i.test(from.uri))
    return 'repartitioning needs a Kafka source';
  const format = new URLSearchParams(from.uri.split('?')[1] ?? '').get('format') ?? 'json';
  if (format !== 'json') return `repartitioning reads JSON values (the source is format=${format})`;
  for (const c of columnsOf([q.items, q.where, q.having, q.groupBy], [])) {
    const name = c.parts[c.parts.length - 1]?.name.toLowerCase();
    if (POSITION_COLUMNS.has(name))
      return `${name} changes meaning in the repartition topic; use parallelism 1`;
  }
  const alias = from.alias?.name ?? null;
  const keyPaths: string[][] = [];
  for (const key of keys) {
    const call = key as { kind?: string; name?: string };
    if (call.kind === 'call' && WINDOW_CALLS.has(String(call.name).toUpperCase())) continue;
    const path = pathOf(key, alias);
    if (typeof path === 'string') return path;
    keyPaths.push(path);
  }
  if (keyPaths.length === 0) return 'repartitioning needs a grouping column';
  return { sourceUri: from.uri, keyPaths };
}
