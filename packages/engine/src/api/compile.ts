/** parse / compile / validate: SQL text → diagnostics and a runnable program. */
import { analyzeProgram } from '../analyze/index.ts';
import { metricAnnotations } from '../analyze/metric-annotations.ts';
import type { AnalyzedProgram } from '../analyze/types.ts';
import { type Diagnostic, diagnosticAt, hasErrors, sortDiagnostics } from '../diagnostics.ts';
import { optimize } from '../optimize/index.ts';
import { PlanError } from '../plan/errors.ts';
import { planProgram } from '../plan/planner.ts';
import type { Statement } from '../sql/ast.ts';
import { tokenize } from '../sql/lexer.ts';
import { parseSql } from '../sql/parser.ts';
import type { Schema } from '../types/schema.ts';
import type { CompiledProgram } from './program.ts';
import { collectSources, type SourceRef } from './sources.ts';

export interface ParseResult {
  statements: Statement[];
  sources: SourceRef[];
  diagnostics: Diagnostic[];
}

export function parse(sql: string): ParseResult {
  const { statements, diagnostics } = parseSql(sql);
  return { statements, sources: collectSources(statements), diagnostics };
}

export interface CompileOptions {
  /** Column schemas by source id (URI as written or bare name), e.g. from `inferSchema`. */
  schemas?: Record<string, Schema>;
  /** Names the caller binds to sources (`--source NAME=URI`); other unknown names are errors. */
  boundSources?: string[];
  /** The bound names whose input ends (a file, a datagen with a limit): analysed as bounded. */
  boundedSources?: string[];
  /** URI parameters of names bound by the caller (event.time.field…), by source id. */
  sourceParams?: Record<string, Record<string, string>>;
}

export interface CompileResult {
  ok: boolean;
  program?: CompiledProgram;
  diagnostics: Diagnostic[];
}

export function compile(sql: string, options: CompileOptions = {}): CompileResult {
  const { analysis: _analysis, ...result } = compileAnalyzed(sql, options);
  return result;
}

/**
 * compile, also handing back the semantic analysis (null when nothing parsed), for `describe`:
 * one analysis gives the editor both its diagnostics and its types.
 */
export function compileAnalyzed(
  sql: string,
  options: CompileOptions = {},
): CompileResult & { analysis: AnalyzedProgram | null } {
  const parsed = parseSql(sql);
  if (hasErrors(parsed.diagnostics)) {
    // The statements that did parse are still analysed, so one run reports a syntax error and
    // e.g. an unknown column in another statement. Nothing is planned.
    const analyzed = analyze(
      parsed.statements,
      {
        ...options,
        boundSources: [
          ...(options.boundSources ?? []),
          ...namesOfBrokenCreates(sql, parsed.statements),
        ],
      },
      sql,
    );
    return {
      ok: false,
      diagnostics: sortDiagnostics([...parsed.diagnostics, ...analyzed.diagnostics]),
      analysis: analyzed.program,
    };
  }
  if (parsed.statements.length === 0) {
    return {
      ok: false,
      analysis: null,
      diagnostics: [
        {
          severity: 'error',
          code: 'empty',
          message: 'no statement to run',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 1,
        },
      ],
    };
  }
  const analyzed = analyze(parsed.statements, options, sql);
  const diagnostics = [...parsed.diagnostics, ...analyzed.diagnostics];
  const analysis = analyzed.program;
  if (hasErrors(diagnostics)) {
    return { ok: false, diagnostics: sortDiagnostics(diagnostics), analysis };
  }
  try {
    // Aggregates are typed by their values at run time (SUM of 1 and 2.5 is DECIMAL, of 1 and 2
    // INTEGER), so the planner needs no static types from the analysis.
    const plan = optimize(
      planProgram(parsed.statements, {
        schemas: options.schemas,
        sourceParams: options.sourceParams,
        boundedWindowCalls: analyzed.program.boundedWindowCalls,
        sql,
      }),
    );
    const annotated = metricAnnotations(
      parsed.statements,
      (i) => plan.statements.find((st) => st.index === i)?.columns ?? null,
    );
    diagnostics.push(...annotated.diagnostics);
    if (hasErrors(diagnostics)) {
      return { ok: false, diagnostics: sortDiagnostics(diagnostics), analysis };
    }
    const tableSources = plan.tables.flatMap((t) =>
      t.input.kind === 'source' ? [t.input.sourceId] : [],
    );
    const program: CompiledProgram = {
      sql,
      statements: parsed.statements,
      sources: collectSources(parsed.statements),
      sinks: plan.statements
        .filter((s) => !s.internal)
        .map((s) => ({
          sink: s.sink,
          statement: s.index,
          kind: s.kind,
          into: s.into,
          columns: s.columns,
          annotations: parsed.statements[s.index].annotations.map((a) => ({
            key: a.key,
            value: a.value,
          })),
        })),
      tableSources,
      metrics: annotated.metrics,
      plan,
      warnings: diagnostics.filter((d) => d.severity === 'warning'),
    };
    return { ok: true, program, diagnostics: sortDiagnostics(diagnostics), analysis };
  } catch (e) {
    if (!(e instanceof PlanError)) throw e;
    diagnostics.push(diagnosticAt('error', 'plan', e.span, e.message, e.hint));
    return { ok: false, diagnostics: sortDiagnostics(diagnostics), analysis };
  }
}

/** Diagnostics of a SQL text (parse, analysis and planning), for editors and `velo validate`. */
export function validate(sql: string, options: CompileOptions = {}): Diagnostic[] {
  return compile(sql, options).diagnostics;
}

/**
 * Names of `CREATE STREAM|TABLE name …` statements that failed to parse. Later statements may
 * read them; treating them as bound (schema-less) sources keeps a syntax error in one statement
 * from also reporting every reader of its name as "does not exist".
 */
function namesOfBrokenCreates(sql: string, parsed: Statement[]): string[] {
  const ok = new Set(
    parsed.flatMap((s) =>
      s.kind === 'create_stream' || s.kind === 'create_table' ? [s.name.name.toLowerCase()] : [],
    ),
  );
  const tokens = tokenize(sql).tokens;
  const names: string[] = [];
  let atStart = true;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type === 'op' && t.text === ';') {
      atStart = true;
      continue;
    }
    if (
      atStart &&
      t.type === 'ident' &&
      t.value === 'CREATE' &&
      tokens[i + 1]?.type === 'ident' &&
      (tokens[i + 1].value === 'STREAM' || tokens[i + 1].value === 'TABLE')
    ) {
      const name = tokens[i + 2];
      if (name && (name.type === 'ident' || name.type === 'quoted_ident')) {
        const text = name.type === 'ident' ? name.text : name.value;
        if (!ok.has(text.toLowerCase())) names.push(text);
      }
    }
    atStart = false;
  }
  return names;
}

function analyze(
  statements: Statement[],
  options: CompileOptions,
  sql: string,
): { program: AnalyzedProgram; diagnostics: Diagnostic[] } {
  return analyzeProgram(statements, {
    schemas: options.schemas,
    boundSources: options.boundSources,
    boundedSources: options.boundedSources,
    text: sql,
  });
}
