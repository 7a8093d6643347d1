/** Engine values → display cells: the SQL type and the engine's own text (DECIMAL exact). */
import { type EngineRecord, typeOfValue, type Value, valueToText } from '@velo/engine';
import type { RunDeadLetter } from '@velo/runtime';
import type { Cell, DeadLetterView, ResultRow } from '../engine-protocol';

export function toCell(value: Value): Cell {
  return { t: typeOfValue(value), v: valueToText(value) };
}

export function toRow(record: EngineRecord, columns: string[]): ResultRow {
  // The engine stamps the group/window identity on rows that may update earlier ones.
  const key = (record as { upsertKey?: string }).upsertKey ?? null;
  const cells = columns.map((name) => toCell(record.fields[name] ?? null));
  return { op: '+I', key, cells };
}

export function toDeadLetterView(deadLetter: RunDeadLetter): DeadLetterView {
  return {
    kind: deadLetter.kind,
    sourceId: deadLetter.sourceId,
    reason: deadLetter.reason,
    line: deadLetter.sqlLine ?? null,
    column: deadLetter.sqlColumn ?? null,
    record: deadLetter.raw ?? '',
  };
}
