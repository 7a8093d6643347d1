/** Clause helpers of the planner: durations, Flink-style group windows, WITH options, names. */

import type { WindowSpec } from '../operators/window-assigners.ts';
import type { FunctionCall, Select, SelectItem, WithOption } from '../sql/ast.ts';
import { PlanError } from './errors.ts';

export function flinkWindow(g: FunctionCall): WindowSpec {
  const dur = (i: number): number => {
    const a = g.args[i];
    if (a?.kind !== 'interval' || a.ms === null) {
      throw new PlanError(`${g.name} expects an INTERVAL as argument ${i + 1}`, (a ?? g).span);
    }
    return a.ms;
  };
  if (g.name === 'TUMBLE') {
    const s = dur(1);
    return { kind: 'tumbling', size: s, slide: s, gap: 0 };
  }
  if (g.name === 'HOP') return { kind: 'sliding', slide: dur(1), size: dur(2), gap: 0 };
  return { kind: 'session', size: 0, slide: 0, gap: dur(1) };
}

export function durationMs(
  d:
    | { kind: 'duration'; ms: number | null; text: string; span: Select['span'] }
    | { kind: 'interval'; ms: number | null; quantity: string; span: Select['span'] },
): number {
  if (d.ms === null) {
    throw new PlanError(
      `invalid duration '${d.kind === 'duration' ? d.text : d.quantity}'`,
      d.span,
    );
  }
  return d.ms;
}

/** `5s`, `500ms`, `1m`, `2h`, `1d`, `5 seconds`, or plain milliseconds. */
export function parseDuration(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  if (!m) return null;
  const n = Number(m[1]);
  const unit = m[2].toLowerCase();
  const mult: Record<string, number> = {
    '': 1,
    ms: 1,
    millis: 1,
    millisecond: 1,
    milliseconds: 1,
    s: 1000,
    sec: 1000,
    second: 1000,
    seconds: 1000,
    m: 60_000,
    min: 60_000,
    minute: 60_000,
    minutes: 60_000,
    h: 3_600_000,
    hour: 3_600_000,
    hours: 3_600_000,
    d: 86_400_000,
    day: 86_400_000,
    days: 86_400_000,
  };
  const f = mult[unit];
  return f === undefined ? null : Math.round(n * f);
}

export function withMap(options: WithOption[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const o of options) m.set(o.key.toLowerCase(), o.value);
  return m;
}

/** Output name of an unaliased SELECT item: the column name, else the function name. */
export function defaultName(item: Extract<SelectItem, { kind: 'select_expr' }>, i: number): string {
  const e = item.expr;
  if (e.kind === 'column') return e.parts.at(-1)!.name;
  if (e.kind === 'field_access') return e.field.name;
  if (e.kind === 'call') return e.name.toLowerCase();
  if (e.kind === 'cast' && e.operand.kind === 'column') return e.operand.parts.at(-1)!.name;
  if (e.kind === 'extract') return e.field.toLowerCase();
  return `expr${i + 1}`;
}
