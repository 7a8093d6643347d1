/**
 * Repartitioning for parallel jobs (as Kafka Streams and ksqlDB do): a statement whose keyed
 * state (GROUP BY, OVER (PARTITION BY …), a stream–stream join) is keyed by columns other than
 * the input's message key reads each Kafka source through an internal topic of N partitions
 * keyed by the grouping or join key, so each key's state lives in exactly one task. A join's
 * two sides go to two internal topics partitioned alike (co-partitioned, as Kafka Streams
 * requires of joined topics), so task i holds both sides of the keys of partition i. This
 * module decides whether a statement can be repartitioned and by which JSON fields; the worker
 * runs the forwarding (stage 1) and the statement over the internal topics (stage 2).
 *
 * Repartitionable: one statement reading Kafka sources in JSON, keyed by plain columns or
 * nested fields (`customer`, `o.customer`, `payload.device.id`), Flink-style window calls in
 * GROUP BY (TUMBLE/HOP/SESSION) aside, and not reading `_key`, `_partition` or `_offset`
 * (stage 2 sees the internal topic's). A stream–stream join is repartitioned by the equalities
 * of its ON condition between a column of each side (`o.customer = p.customer`), written with
 * the sides' aliases.
 */
import type { Statement } from '@velo/engine';

type Select = Statement['query'];

/** One Kafka source of a repartitioned statement and the fields its records are keyed by. */
export interface RepartitionInput {
  /** The Kafka source URI as written (replaced in stage 2 by the internal topic's). */
  sourceUri: string;
  /**
   * JSON field paths of the key, in GROUP BY / PARTITION BY order, or for a join's side in the
   * order of the ON condition's equalities (so equal keys of both sides hash alike).
   */
  keyPaths: string[][];
}

export interface RepartitionPlan {
  /** One for GROUP BY and OVER; the two sides, FROM first, for a stream–stream join. */
  inputs: RepartitionInput[];
}

/**
 * Every internal topic of a job's repartitioning starts so (the worker names them, job.delete
 * deletes them).
 */
export function repartitionTopicPrefix(jobId: string): string {
  return `velo-${jobId}-rp-`;
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

/** Why a relation cannot be read through a repartition topic, or null when it can. */
function kafkaJsonProblem(ref: Select['from']): string | null {
  if (ref?.kind !== 'uri_source' || !/^kafka:/i.test(ref.uri))
    return 'repartitioning needs a Kafka source';
  const format = new URLSearchParams(ref.uri.split('?')[1] ?? '').get('format') ?? 'json';
  if (format !== 'json') return `repartitioning reads JSON values (the source is format=${format})`;
  return null;
}

/** Why the statement reads a column that stage 2 would see differently, or null. */
function positionColumnProblem(q: Select): string | null {
  const nodes = [q.items, q.where, q.having, q.groupBy, q.joins.map((j) => j.on)];
  for (const c of columnsOf(nodes, [])) {
    const name = c.parts[c.parts.length - 1]?.name.toLowerCase();
    if (POSITION_COLUMNS.has(name))
      return `${name} changes meaning in the repartition topic; use parallelism 1`;
  }
  return null;
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
  const problem = kafkaJsonProblem(from) ?? positionColumnProblem(q);
  if (problem) return problem;
  if (from?.kind !== 'uri_source') return 'repartitioning needs a Kafka source';
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
  return { inputs: [{ sourceUri: from.uri, keyPaths }] };
}

/** The AND-ed parts of a condition. */
function conjuncts(e: unknown, out: unknown[] = []): unknown[] {
  const b = e as { kind?: string; op?: string; left?: unknown; right?: unknown };
  if (b.kind === 'binary' && b.op === 'AND') {
    conjuncts(b.left, out);
    conjuncts(b.right, out);
  } else out.push(e);
  return out;
}

/** Which side (0: FROM, 1: the joined relation) a qualified column names, and its field path. */
function sideOf(expr: unknown, aliases: string[]): { side: number; path: string[] } | null {
  const e = expr as { kind?: string; parts?: { name: string }[] };
  if (e.kind !== 'column' || !e.parts || e.parts.length < 2) return null;
  const side = aliases.indexOf(e.parts[0].name.toLowerCase());
  return side < 0 ? null : { side, path: e.parts.slice(1).map((p) => p.name) };
}

/**
 * The repartition plan of a stream–stream join statement (one join, both sides Kafka topics in
 * JSON): each side keyed by its columns of the ON condition's equalities, or why it cannot be.
 */
export function joinRepartitionPlanOf(
  statements: Statement[],
  st: Statement,
): RepartitionPlan | string {
  if (statements.length !== 1) return 'repartitioning works on a file of one statement';
  const q: Select = st.query;
  const join = q.joins[0];
  if (q.joins.length !== 1 || !join) return 'repartitioning joins two streams, not more';
  const sides = [q.from, join.source];
  for (const side of sides) {
    const problem = kafkaJsonProblem(side);
    if (problem) return problem;
  }
  const problem = positionColumnProblem(q);
  if (problem) return problem;
  const [left, right] = sides as Extract<Select['from'], { kind: 'uri_source' }>[];
  if (left.uri === right.uri)
    return 'a topic joined with itself would be repartitioned twice into one topic; use parallelism 1';
  const aliases = [left.alias?.name, right.alias?.name].map((a) => a?.toLowerCase() ?? '');
  if (!aliases[0] || !aliases[1])
    return 'repartitioning a join needs an alias for each side (FROM … o JOIN … p ON o.k = p.k)';
  const keyPaths: [string[][], string[][]] = [[], []];
  for (const part of conjuncts(join.on)) {
    const b = part as { kind?: string; op?: string; left?: unknown; right?: unknown };
    if (b.kind !== 'binary' || b.op !== '=') continue;
    const l = sideOf(b.left, aliases);
    const r = sideOf(b.right, aliases);
    if (!l || !r || l.side === r.side) continue;
    keyPaths[l.side].push(l.path);
    keyPaths[r.side].push(r.path);
  }
  if (keyPaths[0].length === 0)
    return 'repartitioning a join needs an equality between a column of each side in ON (o.k = p.k)';
  return {
    inputs: [
      { sourceUri: left.uri, keyPaths: keyPaths[0] },
      { sourceUri: right.uri, keyPaths: keyPaths[1] },
    ],
  };
}
