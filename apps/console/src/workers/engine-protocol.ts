/**
 * Messages between the editor (main thread) and the engine Web Worker. Values cross as display
 * cells (type + exact text) because structured clone drops the engine's classes (Decimal,
 * Timestamp); sampled source records cross in the engine's wire form (encodeRecord).
 */
import type { Column, DescribedExpression, Diagnostic, SqlType } from '@velo/engine';
import type { DeclaredColumn } from './declared-types';

export interface DiagnoseRequest {
  type: 'diagnose';
  id: number;
  sql: string;
  /** Columns of sources sampled earlier, keyed by engine source id. */
  schemas: Record<string, { columns: Column[] }>;
}

export interface PreviewLimits {
  /** Stop once this many rows were emitted (all statements together). */
  rows: number;
  /** Stop after this much wall-clock time. */
  timeMs: number;
}

export interface PreviewRequest {
  type: 'preview';
  id: number;
  sql: string;
  /** Only this statement's outputs are shown (earlier ones still run: later ones may read them). */
  statement: number | null;
  limits: PreviewLimits;
  /** Records sampled by the API (preview.sample) per engine source id, in encodeRecord form. */
  samples: Record<string, unknown[]>;
}

export interface StopRequest {
  type: 'stop';
  id: number;
}

export type EngineRequest = DiagnoseRequest | PreviewRequest | StopRequest;

export interface SourceInfo {
  id: string;
  uri: string | null;
  /** Datagen sources run in the browser; the rest are sampled through the API. */
  runsInBrowser: boolean;
  columns: Column[] | null;
}

export interface DiagnosticsResponse {
  type: 'diagnostics';
  id: number;
  diagnostics: Diagnostic[];
  sources: SourceInfo[];
  /** Output columns with the engine's types (DECIMAL(p,s) as it prints them), for hover. */
  declared: DeclaredColumn[];
  /** Written DECIMAL expressions with their position and DECIMAL(p,s), for hover. */
  decimals: DescribedExpression[];
  /** Time the engine took (parse + analyse), in ms. */
  ms: number;
}

export type CellType = SqlType;

/** One value as the grid shows it: its SQL type and the engine's exact text. */
export interface Cell {
  t: CellType;
  v: string;
}

export type ChangeOp = '+I' | '+U';

export interface ResultRow {
  op: ChangeOp;
  /** Group/window key for rows that update earlier ones (table mode replaces by it). */
  key: string | null;
  cells: Cell[];
}

export interface OutputInfo {
  sink: string;
  statement: number;
  kind: string;
  into: string | null;
  columns: string[];
}

export interface OutputChunk {
  sink: string;
  statement: number;
  columns: string[];
  rows: ResultRow[];
}

export interface DeadLetterView {
  kind: 'decode' | 'runtime' | 'late';
  sourceId: string;
  reason: string;
  line: number | null;
  column: number | null;
  /** The record as JSON text (DECIMAL exact), or the raw payload. */
  record: string;
}

export interface PreviewStats {
  recordsIn: number;
  recordsOut: number;
  elapsedMs: number;
  /** Records read per engine source id. */
  sources: Record<string, number>;
  /** Rows emitted per output. */
  outputs: Record<string, number>;
  deadLetters: number;
  /** Time from the request to the first rows (null while none came). */
  firstRowsMs: number | null;
}

export type StopCause = 'end' | 'stopped' | 'rows' | 'time' | 'error';

export type EngineResponse =
  | DiagnosticsResponse
  | { type: 'preview-started'; id: number; outputs: OutputInfo[] }
  | {
      type: 'preview-progress';
      id: number;
      chunks: OutputChunk[];
      deadLetters: DeadLetterView[];
      stats: PreviewStats;
    }
  | {
      type: 'preview-done';
      id: number;
      stats: PreviewStats;
      cause: StopCause;
      error: string | null;
      diagnostics: Diagnostic[];
    };
