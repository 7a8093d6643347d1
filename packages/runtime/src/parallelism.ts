/**
 * Which SQL may run as N parallel tasks (a job's `parallelism` > 1). Each task reads its own
 * share of every source (Kafka: partitions p with p % N == task), so a statement is correct in
 * parallel only if no state of it needs records from two tasks' shares:
 *
 * - stateless statements (filter, project, scalar functions) — always;
 * - keyed state (GROUP BY, OVER (PARTITION BY …)) whose key includes `_key`, the Kafka message
 *   key: the producer's partitioner put every record of a key into one partition, so one task;
 * - keyed state on other columns: repartitioned through an internal Kafka topic keyed by the
 *   grouping key (repartition-plan.ts), when the statement allows it;
 * - everything else is refused with the reason, rather than computing wrong answers: keyed
 *   state that cannot be repartitioned, aggregates without GROUP BY, joins, subqueries, set
 *   operations, ORDER BY/LIMIT, DISTINCT, sources other than Kafka (file, datagen and
 *   PostgreSQL sources are read whole by each task), and a fixed `transactional.id` (each task
 *   needs its own).
 * Pure and browser-safe: the API checks it at job.create/update/start, the worker at start.
 */
import { aggregateFunctionNames, parse, type Statement } from '@velo/engine';
import { type RepartitionPlan, repartitionPlanOf } from './repartition-plan.ts';

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

/** null: fine as is; a string: refused; `keys`: keyed by these, needs repartitioning. */
function selectProblem(q: Select): string | null | { keys: unknown[]; what: string } {
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
    if (found.over.length > 0)
      return 'an aggregate and OVER in one statement cannot be split between tasks';
    if (!includesMessageKey(q.groupBy)) return { keys: q.groupBy, what: 'GROUP BY' };
    return null;
  }
  const keyed = found.over.filter((o) => !includesMessageKey(o.partitionBy));
  if (keyed.length === 0) return null;
  const first = JSON.stringify(keyed[0].partitionBy, dropSpans);
  if (
    keyed.some(
      (o) => o.partitionBy.length === 0 || JSON.stringify(o.partitionBy, dropSpans) !== first,
    )
  )
    return 'OVER windows without PARTITION BY, or with different ones, cannot be split between tasks';
  return { keys: keyed[0].partitionBy, what: 'OVER (PARTITION BY …)' };
}

function dropSpans(key: string, value: unknown): unknown {
  return key === 'span' || key === 'nameSpan' ? undefined : value;
}

function uriParams(uri: string): URLSearchParams {
  return new URLSearchParams(uri.split('?')[1] ?? '');
}

export type ParallelPlan =
  | { ok: true; repartition: RepartitionPlan | null }
  | { ok: false; problem: string };

/**
 * How `sql` runs with `parallelism` tasks: as is, through a repartition topic, or refused with
 * the reason (always as is for 1).
 */
export function parallelPlan(sql: string, parallelism: number): ParallelPlan {
  if (parallelism <= 1) return { ok: true, repartition: null };
  const { statements } = parse(sql);
  const refuse = (why: string): ParallelPlan => ({
    ok: false,
    problem: `parallelism ${parallelism} is not possible: ${why}`,
  });
  let repartition: RepartitionPlan | null = null;
  for (const st of statements) {
    if (st.setOperation) return refuse(`${st.setOperation.op} needs every record in one task`);
    const problem = selectProblem(st.query);
    if (typeof problem === 'string') return refuse(problem);
    if (problem) {
      const plan = repartitionPlanOf(statements, st, problem.keys);
      if (typeof plan === 'string')
        return refuse(
          `${problem.what} on columns other than the message key _key needs repartitioning by the grouping key, and ${plan}`,
        );
      repartition = plan;
    }
    const from = st.query.from;
    if (from?.kind === 'uri_source' && !/^kafka:/i.test(from.uri))
      return refuse(
        `the source '${from.uri.split('?')[0]}' is not partitioned (only Kafka sources are split between tasks)`,
      );
    if (st.into && uriParams(st.into.uri).has('transactional.id'))
      return refuse('each task needs its own transactional id; remove transactional.id=');
  }
  if (repartition && statements.some(exactlyOnce))
    return refuse(
      'a repartitioned job is at-least-once (its repartition topic may repeat records after a crash); use delivery=at_least_once or parallelism 1',
    );
  return { ok: true, repartition };
}

function exactlyOnce(st: Statement): boolean {
  if (st.into && uriParams(st.into.uri).get('delivery') === 'exactly_once') return true;
  return st.with.some(
    (o) => o.key.toLowerCase() === 'delivery' && o.value.toLowerCase() === 'exactly_once',
  );
}

/** Why `sql` cannot run with `parallelism` tasks, or null when it can (always for 1). */
export function parallelismProblem(sql: string, parallelism: number): string | null {
  const plan = parallelPlan(sql, parallelism);
  return plan.ok ? null : plan.problem;
}
