/**
 * Which SQL may run as N parallel tasks (a job's `parallelism` > 1). Each task reads its own
 * share of every source (Kafka: partitions p with p % N == task), so a statement is correct in
 * parallel only if no state of it needs records from two tasks' shares:
 *
 * - stateless statements (filter, project, scalar functions) — always;
 * - keyed state (GROUP BY, OVER (PARTITION BY …)) whose key includes `_key`, the Kafka message
 *   key: the producer's partitioner put every record of a key into one partition, so one task;
 * - everything else is refused with the reason, rather than computing wrong answers: keyed
 *   state on other columns (repartitioning through an internal topic is planned), aggregates
 *   without GROUP BY, joins, subqueries, set operations, ORDER BY/LIMIT, DISTINCT, sources
 *   other than Kafka (file, datagen and PostgreSQL sources are read whole by each task), and a
 *   fixed `transactional.id` (each task needs its own).
 * Pure and browser-safe: the API checks it at job.create/update/start, the worker at start.
 */
import { aggregateFunctionNames, parse, type Statement } from '@velo/engine';

type Select = Statement['query'];

const AGGREGATES = new Set(aggregateFunctionNames().map((n) => n.toUpperCase()));

interface Found {
  aggregate: boolean;
  over: { partitionBy: unknown[] }[];
  subquery: boolean;
}

/** Walks an expression tree (any AST node) without entering subqueries. */
function scan(node: unknown, found: Found): void {
  if (Array.isArray(node)) {
    for (const x of node) scan(x, found);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const n = node as { kind?: string; name?: string; over?: { partitionBy: unknown[] } | null };
  if (n.kind === 'exists' || n.kind === 'in_subquery' || n.kind === 'scalar_subquery') {
    found.subquery = true;
    return;
  }
  if (n.kind === 'call') {
    if (n.over) found.over.push(n.over);
    else if (typeof n.name === 'string' && AGGREGATES.has(n.name.toUpperCase()))
      found.aggregate = true;
  }
  for (const [k, v] of Object.entries(node)) {
    if (k === 'span' || k === 'nameSpan') continue;
    if (typeof v === 'object' && v !== null) scan(v, found);
  }
}

/** Whether an expression list includes the message key `_key` as a plain column. */
function includesMessageKey(exprs: unknown[]): boolean {
  return exprs.some((e) => {
    const x = e as { kind?: string; parts?: { name: string }[] };
    const last = x.kind === 'column' ? x.parts?.[x.parts.length - 1] : undefined;
    return last?.name.toLowerCase() === '_key';
  });
}

function selectProblem(q: Select): string | null {
  if (q.joins.length > 0)
    return 'a join needs all records of both sides in one task (parallel joins are planned)';
  if (q.distinct) return 'SELECT DISTINCT needs every record in one task';
  if (q.orderBy.length > 0 || q.limit) return 'ORDER BY and LIMIT need every record in one task';
  const found: Found = { aggregate: false, over: [], subquery: false };
  scan([q.items, q.where, q.having, q.groupBy], found);
  if (found.subquery) return 'a subquery reads its table in one task';
  if (found.aggregate || q.groupBy.length > 0 || q.window) {
    if (q.groupBy.length === 0)
      return 'an aggregate without GROUP BY combines every record in one task';
    if (!includesMessageKey(q.groupBy))
      return 'GROUP BY on columns other than the message key _key would split each group between tasks (repartitioning by the grouping key is planned); add _key to GROUP BY if the input is keyed by it, or use parallelism 1';
  }
  for (const over of found.over) {
    if (!includesMessageKey(over.partitionBy))
      return 'OVER (PARTITION BY …) on columns other than the message key _key would split each partition between tasks; use parallelism 1';
  }
  return null;
}

function uriParams(uri: string): URLSearchParams {
  return new URLSearchParams(uri.split('?')[1] ?? '');
}

/** Why `sql` cannot run with `parallelism` tasks, or null when it can (always for 1). */
export function parallelismProblem(sql: string, parallelism: number): string | null {
  if (parallelism <= 1) return null;
  const { statements } = parse(sql);
  const refuse = (why: string) => `parallelism ${parallelism} is not possible: ${why}`;
  for (const st of statements) {
    if (st.setOperation) return refuse(`${st.setOperation.op} needs every record in one task`);
    const problem = selectProblem(st.query);
    if (problem) return refuse(problem);
    const from = st.query.from;
    if (from?.kind === 'uri_source' && !/^kafka:/i.test(from.uri))
      return refuse(
        `the source '${from.uri.split('?')[0]}' is not partitioned (only Kafka sources are split between tasks)`,
      );
    if (st.into && uriParams(st.into.uri).has('transactional.id'))
      return refuse('each task needs its own transactional id; remove transactional.id=');
  }
  return null;
}
