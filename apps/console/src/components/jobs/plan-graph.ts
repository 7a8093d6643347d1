/**
 * The job graph's DAG, read from the engine's `explain` text (one source of truth for what the
 * plan is): sources, each statement's operators in order, external sinks, and the statements
 * that read other statements. Operator ids `<statement>.<index>` (0-based) match the worker's
 * per-operator metric label (`<statement>.<index> <kind>`).
 */
export interface PlanNode {
  id: string;
  kind: 'source' | 'operator' | 'sink' | 'table';
  label: string;
  detail: string;
  /** Operators: the metric label prefix, e.g. `0.1`. */
  operatorKey?: string;
}

export interface PlanGraph {
  nodes: PlanNode[];
  edges: { id: string; from: string; to: string }[];
}

interface Statement {
  number: number;
  reads: (string | number)[];
  ops: string[];
  sink: string | null;
}

const STATEMENT = /^statement (\d+): .* -> .*$/;
const READ = /^ {2}read (?:\S+ <- )?(?:source (\S+)|statement (\d+) \(.*\))/;
const EMIT = /^ {2}emit -> (\S+)/;
const TABLE = /^table (\S+) <- (?:source (\S+)|statement (\d+))$/;

export function planGraph(explainText: string): PlanGraph {
  const nodes = new Map<string, PlanNode>();
  const statements: Statement[] = [];
  const tables: { id: string; from: string | number }[] = [];
  let current: Statement | null = null;
  const source = (uri: string) => {
    const id = `source:${uri}`;
    nodes.set(id, { id, kind: 'source', label: 'Source', detail: uri });
    return id;
  };

  for (const line of explainText.split('\n')) {
    const s = STATEMENT.exec(line);
    if (s) {
      current = { number: Number(s[1]), reads: [], ops: [], sink: null };
      statements.push(current);
      continue;
    }
    const t = TABLE.exec(line);
    if (t) {
      const id = `table:${t[1]}`;
      nodes.set(id, { id, kind: 'table', label: 'Table', detail: t[1] });
      tables.push({ id, from: t[2] ? source(t[2]) : Number(t[3]) });
      current = null;
      continue;
    }
    if (!current || !line.startsWith('  ')) continue;
    const r = READ.exec(line);
    if (r) {
      current.reads.push(r[1] ? source(r[1]) : Number(r[2]));
      continue;
    }
    const e = EMIT.exec(line);
    if (e) {
      // Statements that feed other statements emit internally; only external sinks are nodes.
      if (e[1].includes(':') || e[1] === 'result') {
        const id = `sink:${e[1]}`;
        nodes.set(id, {
          id,
          kind: 'sink',
          label: e[1] === 'result' ? 'Result' : 'Sink',
          detail: e[1],
        });
        current.sink = id;
      }
      continue;
    }
    const text = line.trim();
    const kind = text.split(' ')[0];
    const key = `${current.number - 1}.${current.ops.length}`;
    const id = `op:${key}`;
    nodes.set(id, {
      id,
      kind: 'operator',
      label: kind,
      detail: text.slice(kind.length).trim(),
      operatorKey: key,
    });
    current.ops.push(id);
  }

  const edges: PlanGraph['edges'] = [];
  const link = (from: string | undefined, to: string | undefined) => {
    if (from && to && from !== to && !edges.some((x) => x.from === from && x.to === to)) {
      edges.push({ id: `${from}->${to}`, from, to });
    }
  };
  const byNumber = new Map(statements.map((s) => [s.number, s]));
  const head = (s: Statement) => s.ops[0] ?? s.sink ?? undefined;
  const tail = (s: Statement | undefined) => (s ? (s.ops.at(-1) ?? undefined) : undefined);
  for (const s of statements) {
    for (const from of s.reads) {
      link(typeof from === 'number' ? tail(byNumber.get(from)) : from, head(s));
    }
    for (let i = 1; i < s.ops.length; i++) link(s.ops[i - 1], s.ops[i]);
    if (s.sink) link(tail(s), s.sink);
  }
  for (const t of tables) {
    link(typeof t.from === 'number' ? tail(byNumber.get(t.from)) : t.from, t.id);
  }
  return { nodes: [...nodes.values()], edges };
}
