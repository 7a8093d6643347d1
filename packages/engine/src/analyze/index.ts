/**
 * analyze/ README — semantic analysis of parsed Velo SQL.
 *
 *   const { statements } = parseSql(text);
 *   const { program, diagnostics } = analyzeProgram(statements, { schemas, boundSources, text });
 *
 * `diagnostics` holds errors (unknown columns/tables/functions, ungrouped columns, aggregates
 * in WHERE, type errors, bad windows/intervals/options, EMIT FINAL on an unbounded source …)
 * and warnings (a window that runs on processing time). Messages: analyze/messages.ts.
 *
 * `program: AnalyzedProgram` (types.ts) is what the planner reads:
 * - `statements[i]`: kind stream|table|select, name, into, options (WITH), eventTime
 *   (WITH over URI params: field, format, watermarkDelayMs, latePolicy), annotations, and
 *   `select: AnalyzedSelect`:
 *     relations[0] = FROM, relations[1..] = JOINs, each with `input` = an external source id or
 *       an earlier statement index, and known `columns` (null = schema-less, any column)
 *     joins[]: strategy lookup|interval, equi-keys, interval bounds in ms
 *     where / groupBy (window calls removed) / having: the AST expressions
 *     window: { type tumbling|sliding|session, sizeMs, advanceMs, timeColumn, origin } | null
 *     emit: 'final' | 'changes' (effective), limit, distinct
 *     aggregates / windowFunctions: the FunctionCall nodes (each once, in order)
 *     output[]: { name, expr, type, classification plain|aggregate|window } or an unexpanded
 *       star (only over schema-less relations); names follow the planner's rule (alias, column
 *       name, lower-case function name, exprN; duplicates get _2, _3)
 *     subqueries: Map<Select, AnalyzedSelect> for EXISTS / IN / scalar subqueries
 * - `sources[]`: each external source once: id (URI as written or bare name), uri/name,
 *   params, scheme, schema, eventTime.
 * - Side tables keyed by AST node identity: `exprTypes` (every analyzed Expr → SqlType),
 *   `refs` (ColumnRef → relation index, outerDepth, column, system column, nested path, type,
 *   aliasOf for SELECT-alias references in GROUP BY/HAVING) and `calls` (FunctionCall →
 *   class scalar|aggregate|window|window_bound|group_window|header, returnType, argType).
 */
import type { Diagnostic } from '../diagnostics.ts';
import type { Statement, TableRef } from '../sql/ast.ts';
import { closestMatch } from '../sql/suggest.ts';
import { sourceBounded } from './bounded.ts';
import { hints, messages } from './messages.ts';
import { Scope, typedColumn } from './scope.ts';
import { analyzeSelect, type SelectContext } from './select.ts';
import { AnalysisState } from './state.ts';
import type {
  AnalyzedProgram,
  AnalyzedRelation,
  AnalyzedSelect,
  AnalyzedStatement,
  AnalyzeOptions,
  EventTimeSpec,
  RelationInput,
  SourceDescriptor,
} from './types.ts';
import { eventTimeSpec, type OptionValue } from './windows.ts';

export { hints, messages } from './messages.ts';
export type * from './types.ts';

export interface AnalyzeResult {
  program: AnalyzedProgram;
  diagnostics: Diagnostic[];
}

interface Defined {
  index: number;
  kind: 'stream' | 'table';
  name: string;
  statement: AnalyzedStatement;
}

const EVENT_TIME_KEYS = ['event.time.field', 'event.time.format', 'watermark.delay', 'late.policy'];

function schemeOf(uri: string): string | null {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(uri);
  return m ? m[1].toLowerCase() : null;
}

export function analyzeProgram(
  statements: Statement[],
  options: AnalyzeOptions = {},
): AnalyzeResult {
  const state = new AnalysisState();
  const schemas = options.schemas ?? {};
  const bound = new Set((options.boundSources ?? []).map((n) => n.toLowerCase()));
  const boundedNames = new Set((options.boundedSources ?? []).map((n) => n.toLowerCase()));
  const defined = new Map<string, Defined>();
  const sources = new Map<string, SourceDescriptor>();
  const analyzed: AnalyzedStatement[] = [];
  /** Event-time options of the statement being analyzed (WITH). */
  let statementOptions: Record<string, OptionValue> = {};

  const schemaFor = (id: string) =>
    schemas[id] ??
    Object.entries(schemas).find(([k]) => k.toLowerCase() === id.toLowerCase())?.[1] ??
    null;

  const sourceFor = (ref: TableRef, id: string): SourceDescriptor => {
    let d = sources.get(id);
    if (!d) {
      const params = ref.kind === 'uri_source' ? ref.params : {};
      const spanned: Record<string, OptionValue> = {};
      for (const [k, v] of Object.entries(params)) spanned[k] = { value: v, span: ref.span };
      d = {
        id,
        ...(ref.kind === 'uri_source' ? { uri: ref.uri } : { name: id }),
        params,
        scheme: ref.kind === 'uri_source' ? schemeOf(ref.uri) : null,
        schema: schemaFor(id),
        eventTime: eventTimeSpec(state, spanned, {}),
      };
      sources.set(id, d);
    }
    // WITH (…) of the reading statement overrides the URI's event-time parameters, as it
    // does for the statement's own `eventTime`. Errors were reported already: use a scratch state.
    if (EVENT_TIME_KEYS.some((key) => statementOptions[key] !== undefined)) {
      const spanned: Record<string, OptionValue> = {};
      for (const [k, v] of Object.entries(d.params)) spanned[k] = { value: v, span: ref.span };
      d.eventTime = eventTimeSpec(new AnalysisState(), spanned, statementOptions);
    }
    return d;
  };

  const ctx: SelectContext = {
    state,
    relation(ref: TableRef): AnalyzedRelation {
      if (ref.kind === 'uri_source') {
        const d = sourceFor(ref, ref.uri);
        return {
          alias: ref.alias?.name ?? ref.uri,
          node: ref,
          input: { kind: 'source', sourceId: d.id },
          columns: d.schema ? d.schema.columns.map(typedColumn) : null,
        };
      }
      const name = ref.name.name;
      const alias = ref.alias?.name ?? name;
      const def = defined.get(name.toLowerCase());
      if (def) {
        const hasStar = def.statement.select.output.some((o) => o.kind === 'star');
        return {
          alias,
          node: ref,
          input: {
            kind: 'statement',
            statement: def.index,
            statementKind: def.kind,
            name: def.name,
          },
          columns: hasStar ? null : def.statement.select.outputColumns,
        };
      }
      if (bound.has(name.toLowerCase()) || schemaFor(name)) {
        const d = sourceFor(ref, name);
        return {
          alias,
          node: ref,
          input: { kind: 'source', sourceId: d.id },
          columns: d.schema ? d.schema.columns.map(typedColumn) : null,
        };
      }
      const candidates = [
        ...[...defined.values()].map((d) => d.name),
        ...(options.boundSources ?? []),
        ...Object.keys(schemas),
      ];
      const match = closestMatch(name, candidates);
      state.error(
        ref.name.span,
        messages.unknownSource(name),
        match ? hints.didYouMean(match) : undefined,
        'unknown_source',
      );
      return { alias, node: ref, input: { kind: 'source', sourceId: name }, columns: null };
    },
    inputFacts(input: RelationInput) {
      return inputFacts(input);
    },
  };

  function inputFacts(input: RelationInput): {
    id: string;
    bounded: boolean | null;
    hasEventTime: boolean;
  } {
    if (input.kind === 'statement') {
      const st = analyzed[input.statement];
      const rels = st.select.relations;
      const facts = rels.map((r) => inputFacts(r.input));
      const bounded = facts.some((f) => f.bounded === false)
        ? false
        : facts.every((f) => f.bounded)
          ? true
          : null;
      return {
        id: input.name,
        bounded,
        hasEventTime:
          st.select.window !== null ||
          (facts[0]?.hasEventTime ?? false) ||
          st.eventTime.field !== null,
      };
    }
    const d = sources.get(input.sourceId);
    if (!d) return { id: input.sourceId, bounded: null, hasEventTime: true };
    const scheme = d.scheme;
    const bounded =
      sourceBounded(scheme, d.params) ?? (boundedNames.has(d.id.toLowerCase()) ? true : null);
    const hasEventTime =
      d.eventTime.field !== null ||
      statementOptions['event.time.field'] !== undefined ||
      scheme === 'kafka' ||
      scheme === 'datagen' ||
      scheme === null;
    return { id: d.id, bounded, hasEventTime };
  }

  statements.forEach((stmt, i) => {
    const index = analyzed.length;
    const withOptions: Record<string, string> = {};
    statementOptions = {};
    for (const o of stmt.with) {
      withOptions[o.key] = o.value;
      statementOptions[o.key.toLowerCase()] = { value: o.value, span: o.span };
    }
    let select: AnalyzedSelect;
    try {
      const outside = stmt.internal ? new Scope([], null, qualifiersAround(statements, i)) : null;
      select = analyzeSelect(ctx, stmt.query, outside);
    } catch (e) {
      // Only a stack overflow on absurdly deep expressions gets here.
      if (!(e instanceof RangeError)) throw e;
      state.error(stmt.span, messages.tooDeep());
      return;
    }
    const primary = select.relations[0];
    const primaryParams: Record<string, OptionValue> = {};
    if (primary?.node.kind === 'uri_source') {
      for (const [k, v] of Object.entries(primary.node.params))
        primaryParams[k] = { value: v, span: primary.node.span };
    }
    const eventTime: EventTimeSpec = eventTimeSpec(
      new AnalysisState(),
      primaryParams,
      statementOptions,
    );
    // Report bad WITH values once, here (source descriptors re-read them silently).
    eventTimeSpec(state, {}, statementOptions);
    const kind =
      stmt.kind === 'create_stream' ? 'stream' : stmt.kind === 'create_table' ? 'table' : 'select';
    const name = stmt.kind === 'select_statement' ? null : stmt.name.name;
    const a: AnalyzedStatement = {
      index,
      kind,
      name,
      node: stmt,
      sql: options.text ? options.text.slice(stmt.span.start.offset, stmt.span.end.offset) : '',
      into: stmt.into?.uri ?? null,
      options: withOptions,
      select,
      eventTime,
      annotations: stmt.annotations.map((x) => ({ key: x.key, value: x.value })),
    };
    analyzed.push(a);
    if (stmt.kind !== 'select_statement' && name !== null && kind !== 'select') {
      if (defined.has(name.toLowerCase())) {
        state.error(stmt.name.span, messages.alreadyDefined(name), undefined, 'duplicate_name');
      } else {
        defined.set(name.toLowerCase(), { index, kind, name, statement: a });
      }
    }
  });

  const program: AnalyzedProgram = {
    statements: analyzed,
    sources: [...sources.values()],
    exprTypes: state.exprTypes,
    decimalTypes: state.decimalTypes,
    refs: state.refs,
    calls: state.calls,
    boundedWindowCalls: state.boundedWindowCalls,
  };
  const diagnostics = state.diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
  return { program, diagnostics: dedupe(diagnostics) };
}

function dedupe(ds: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const k = `${d.severity}|${d.line}|${d.column}|${d.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * Qualifiers (lower case) of the relations an internal statement (WITH query, subquery in FROM,
 * set-operation operand) stands inside: those of the statements after it, up to the user's
 * statement that holds it. It is computed before them, so it cannot read their columns.
 */
function qualifiersAround(statements: Statement[], at: number): Set<string> {
  const names = new Set<string>();
  const visit = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    if (Array.isArray(node)) {
      for (const x of node) visit(x);
      return;
    }
    const n = node as Partial<TableRef> & Record<string, unknown>;
    if (n.kind === 'named_source' || n.kind === 'uri_source') {
      const q = n.alias?.name ?? (n.kind === 'named_source' ? n.name?.name : undefined);
      if (q && !q.includes('#')) names.add(q.toLowerCase());
    }
    for (const [k, v] of Object.entries(n)) if (k !== 'span' && typeof v === 'object') visit(v);
  };
  for (let j = at + 1; j < statements.length; j++) {
    visit(statements[j].query);
    if (!statements[j].internal) break;
  }
  return names;
}
