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
 * - stream–table joins (as Kafka Streams' GlobalKTable joins): the stream's partitions split
 *   between tasks and every task reads the table side whole (a Kafka source read as a table
 *   has a group of its own and is never committed; files and PostgreSQL tables are bounded),
 *   so no repartitioning — unless keyed state on other than the stream's message key follows;
 * - stream–stream (time-bound) joins of two Kafka topics: both sides repartitioned by the join
 *   key (repartition-plan.ts), so task i joins the keys of partition i of both;
 * - everything else is refused with the reason, rather than computing wrong answers: keyed
 *   state that cannot be repartitioned, aggregates without GROUP BY, keyed state after a
 *   stream–stream join, joins on tables computed in the job, subqueries, set
 *   operations, ORDER BY/LIMIT, DISTINCT, sources other than Kafka (file, datagen and
 *   PostgreSQL sources are read whole by each task), and a fixed `transactional.id` (each task
 *   needs its own).
 * Pure and browser-safe: the API checks it at job.create/update/start, the worker at start.
 */
import {
  aggregateFunctionNames,
  type CompiledProgram,
  compile,
  parse,
  type Statement,
} from '@velo/engine';
import {
  joinRepartitionPlanOf,
  type RepartitionPlan,
  repartitionPlanOf,
} from './repartition-plan.ts';

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

/** The stream side of a statement whose joins run in parallel. */
interface JoinedStream {
  alias: string | null;
  /** The stream is the FROM relation (an unqualified `_key` is then its key). */
  isFrom: boolean;
}

/**
 * Whether an expression list includes the message key `_key` as a plain column — in a join,
 * the stream's (`alias._key` with the stream's alias, or `_key` unqualified when the stream is
 * the FROM relation).
 */
function includesMessageKey(exprs: unknown[], stream?: JoinedStream | null): boolean {
  return exprs.some((e) => {
    const x = e as { kind?: string; parts?: { name: string }[] };
    if (x.kind !== 'column' || !x.parts) return false;
    const last = x.parts[x.parts.length - 1];
    if (last?.name.toLowerCase() !== '_key') return false;
    if (!stream) return true;
    if (x.parts.length === 1) return stream.isFrom;
    return x.parts[x.parts.length - 2]?.name.toLowerCase() === stream.alias?.toLowerCase();
  });
}

const TABLE_SCHEMES = /^(kafka|file|postgres|postgresql):/i;

/** A statement joining two streams within a time bound: repartitioned by the join key. */
const STREAM_STREAM = 'stream–stream';

/**
 * Why the joins of statement `index` cannot run in parallel, STREAM_STREAM for a stream–stream
 * join (repartitioned), or the stream relation's alias for stream–table (lookup) joins, each
 * table side a source read whole by every task, one stream side.
 */
function joinProblem(
  q: Select,
  plan: CompiledProgram['plan'] | null,
  index: number,
): string | typeof STREAM_STREAM | JoinedStream {
  const planned = plan?.statements.find((st) => st.index === index);
  if (!planned || planned.joins.length !== q.joins.length)
    return 'a join needs all records of both sides in one task (parallel joins are planned)';
  if (planned.joins.some((j) => j.strategy === 'interval')) return STREAM_STREAM;
  const refs = [q.from, ...q.joins.map((j) => j.source)];
  const tables = new Set<number>();
  for (const join of planned.joins) {
    if (join.keepTable)
      return "a RIGHT or FULL join emits the table's unmatched rows, which every task would repeat";
    tables.add(join.tableSide);
  }
  const streams = refs.map((_, i) => i).filter((i) => !tables.has(i));
  if (streams.length !== 1)
    return 'a join needs all records of both sides in one task (parallel joins are planned)';
  for (const t of tables) {
    const ref = refs[t];
    if (ref?.kind !== 'uri_source')
      return `the table side ${ref?.kind === 'named_source' ? `'${ref.name.name}' ` : ''}is computed by the job from its split input, so no task would hold all of it; join a source read whole (Kafka, file or PostgreSQL)`;
    if (!TABLE_SCHEMES.test(ref.uri))
      return `the table side '${ref.uri.split('?')[0]}' would differ between tasks; join a Kafka, file or PostgreSQL table`;
  }
  const stream = refs[streams[0]];
  if (stream?.kind === 'uri_source' && !/^kafka:/i.test(stream.uri))
    return `the source '${stream.uri.split('?')[0]}' is not partitioned (only Kafka sources are split between tasks)`;
  return { alias: stream?.alias?.name ?? null, isFrom: streams[0] === 0 };
}

/**
 * null: fine as is; a string: refused; `keys`: keyed by these, needs repartitioning. `join`:
 * the statement's joins run in parallel, with this stream side.
 */
function selectProblem(
  q: Select,
  join: JoinedStream | null,
): string | null | { keys: unknown[]; what: string } {
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
    if (!includesMessageKey(q.groupBy, join)) {
      if (join) return JOINED_KEYED_STATE;
      return { keys: q.groupBy, what: 'GROUP BY' };
    }
    return null;
  }
  const keyed = found.over.filter((o) => !includesMessageKey(o.partitionBy, join));
  if (keyed.length === 0) return null;
  if (join) return JOINED_KEYED_STATE;
  const first = JSON.stringify(keyed[0].partitionBy, dropSpans);
  if (
    keyed.some(
      (o) => o.partitionBy.length === 0 || JSON.stringify(o.partitionBy, dropSpans) !== first,
    )
  )
    return 'OVER windows without PARTITION BY, or with different ones, cannot be split between tasks';
  return { keys: keyed[0].partitionBy, what: 'OVER (PARTITION BY …)' };
}

const JOINED_KEYED_STATE =
  "GROUP BY or OVER after a join needs the stream's message key _key among its keys (a joined stream is not repartitioned)";

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
  // the engine's plan says which joins are stream–table (lookup) and which side is the table
  const plan = statements.some((st) => st.query.joins.length > 0) ? compiledPlan(sql) : null;
  for (const [index, st] of statements.entries()) {
    const verdict = statementVerdict(statements, st, plan, index);
    if (typeof verdict === 'string') return refuse(verdict);
    if (verdict) repartition = verdict;
  }
  if (repartition && statements.some(exactlyOnce))
    return refuse(
      'a repartitioned job is at-least-once (its repartition topic may repeat records after a crash); use delivery=at_least_once or parallelism 1',
    );
  return { ok: true, repartition };
}

/**
 * Why statement `index` cannot run in parallel, the repartitioning it needs, or null when it
 * runs as is.
 */
function statementVerdict(
  statements: Statement[],
  st: Statement,
  plan: CompiledProgram['plan'] | null,
  index: number,
): string | RepartitionPlan | null {
  if (st.setOperation) return `${st.setOperation.op} needs every record in one task`;
  let join: JoinedStream | null = null;
  let repartition: RepartitionPlan | null = null;
  const verdict = st.query.joins.length > 0 ? joinProblem(st.query, plan, index) : null;
  if (verdict === STREAM_STREAM) {
    if (selectProblem(st.query, null) !== null)
      return 'keyed state or an ordering after a stream–stream join cannot be split between tasks (planned)';
    const joined = joinRepartitionPlanOf(statements, st);
    if (typeof joined === 'string')
      return `a stream–stream join needs both sides of a key in one task, through repartitioning by the join key, and ${joined}`;
    repartition = joined;
  } else {
    if (typeof verdict === 'string') return verdict;
    join = verdict;
    const problem = selectProblem(st.query, join);
    if (typeof problem === 'string') return problem;
    if (problem) {
      const keyed = repartitionPlanOf(statements, st, problem.keys);
      if (typeof keyed === 'string')
        return `${problem.what} on columns other than the message key _key needs repartitioning by the grouping key, and ${keyed}`;
      repartition = keyed;
    }
    const from = st.query.from;
    if (from?.kind === 'uri_source' && !/^kafka:/i.test(from.uri))
      return `the source '${from.uri.split('?')[0]}' is not partitioned (only Kafka sources are split between tasks)`;
  }
  if (st.into && uriParams(st.into.uri).has('transactional.id'))
    return 'each task needs its own transactional id; remove transactional.id=';
  return repartition;
}

function compiledPlan(sql: string): CompiledProgram['plan'] | null {
  try {
    return compile(sql, {}).program?.plan ?? null;
  } catch {
    return null;
  }
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
