/**
 * @velo/engine — the Velo streaming-SQL engine. Pure TypeScript (no Node built-ins), so the
 * same code runs in the worker and in the browser. The API is documented in docs/engine.md.
 *
 *   const { ok, program, diagnostics } = compile(sql, { schemas });
 *   const p = createPipeline(program);
 *   p.push('orders', records); p.endOfInput('orders');
 *   for (const out of p.takeOutput()) ...; p.takeDeadLetters(); p.snapshot();
 */

export {
  type MetricAnnotationsResult,
  metricAnnotations,
  type UserMetricSpec,
  type UserMetricType,
} from './analyze/metric-annotations.ts';
export type { CompileOptions, CompileResult, ParseResult } from './api/compile.ts';
export { compile, parse, validate } from './api/compile.ts';
// Diagnostics plus the analysed types (DECIMAL(p,s) of columns and expressions), for editors.
export {
  type DescribedExpression,
  type DescribedStatement,
  type DescribeResult,
  describe,
} from './api/describe.ts';
export { explain } from './api/explain.ts';
export { type LineageColumn, lineage, type StatementLineage } from './api/lineage.ts';
export { createPipeline, restorePipeline } from './api/pipeline.ts';
export type { CompiledProgram } from './api/program.ts';
export type { SourceRef } from './api/sources.ts';
export * from './datagen/index.ts';
export type { Diagnostic, Severity } from './diagnostics.ts';
export { formatDiagnostic, hasErrors } from './diagnostics.ts';
export type { DeadLetter } from './exec/context.ts';
export type { OperatorMetrics } from './exec/operator-metrics.ts';
export type { PipelineMetrics, PipelineOptions, PipelineOutput } from './exec/pipeline.ts';
export { Pipeline } from './exec/pipeline.ts';
// JSON wire form of records (snapshots; preview samples sent from the API to the browser).
export { decodeRecord, encodeRecord } from './exec/value-codec.ts';
export {
  type CsvOptions,
  type CsvResult,
  formatCsvHeader,
  formatCsvRow,
  parseCsv,
} from './formats/csv.ts';
export { type CsvRecordSpan, takeCsvRecords } from './formats/csv-records.ts';
export {
  createRowFormatter,
  formatJsonLines,
  formatJsonRow,
  formatJsonValue,
  type JsonLinesResult,
  type JsonRowFormatter,
  parseJsonExact,
  readJsonLines,
} from './formats/json.ts';
export { aggregateFunctionNames } from './functions/aggregates.ts';
// Signatures and docs for editors (signature help, hover, completion).
export {
  documentedFunctionNames,
  type FunctionDoc,
  type FunctionKind,
  functionDoc,
  functionSignature,
} from './functions/docs.ts';
export { scalarFunctionNames } from './functions/registry.ts';
export { SYSTEM_COLUMNS } from './plan/expr.ts';
export { parseDuration } from './plan/planner.ts';
export type { Statement } from './sql/ast.ts';
// Keywords for the console's highlighting, completion and formatter (one list with the parser).
export {
  CONTEXTUAL_KEYWORDS,
  RESERVED_WORDS,
  SQL_KEYWORDS,
  WINDOW_KINDS,
} from './sql/keywords.ts';
// Tokens for editor tooling (the console's SQL formatter).
export { type Comment, type Token, type TokenType, tokenize } from './sql/lexer.ts';
export { castValue, typeOfValue, valueToText } from './types/cast.ts';
export { compareValues, hashKey, valuesEqual } from './types/compare.ts';
// Values, types and formats.
export { Decimal, isDecimal } from './types/decimal.ts';
export {
  type DecimalType,
  decimalTypeText,
  MAX_DECIMAL_PRECISION,
} from './types/decimal-type.ts';
export { EvaluationError } from './types/errors.ts';
export { type Column, inferSchema, type Schema } from './types/schema.ts';
export {
  type EngineRecord,
  type JsonArray,
  type JsonObject,
  type SqlType,
  Timestamp,
  type Value,
} from './types/value.ts';
