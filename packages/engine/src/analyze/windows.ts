/**
 * Window specs (WINDOW clause or Flink-style GROUP BY TUMBLE/HOP/SESSION) in milliseconds, and
 * event-time settings from WITH options and URI parameters.
 */
import { EVENT_TIME_FORMATS } from '../exec/event-time.ts';
import type { DurationExpr, Expr, FunctionCall, Span, WindowClause } from '../sql/ast.ts';
import { intervalMs, intervalUnit } from '../sql/parser-literals.ts';
import { messages } from './messages.ts';
import type { AnalysisState } from './state.ts';
import type { EventTimeFormatName, EventTimeSpec, WindowInfo } from './types.ts';

function durationOf(state: AnalysisState, d: Expr | DurationExpr, what: string): number | null {
  if (d.kind !== 'duration' && d.kind !== 'interval') {
    state.error(d.span, messages.intervalInvalid(), "write a duration such as INTERVAL '1' MINUTE");
    return null;
  }
  // Unparsable durations were reported by the parser.
  if (d.ms === null) return null;
  if (d.ms <= 0) {
    state.error(d.span, messages.windowSizePositive(what));
    return null;
  }
  return d.ms;
}

export function windowFromClause(state: AnalysisState, w: WindowClause): WindowInfo | null {
  switch (w.kind) {
    case 'window_tumbling': {
      const size = durationOf(state, w.size, 'size');
      return size === null
        ? null
        : {
            type: 'tumbling',
            sizeMs: size,
            advanceMs: size,
            timeColumn: w.timeColumn,
            origin: 'window_clause',
          };
    }
    case 'window_sliding': {
      const size = durationOf(state, w.size, 'size');
      const advance = durationOf(state, w.advance, 'advance');
      if (size === null || advance === null) return null;
      if (advance > size) {
        state.error(w.advance.span, messages.slidingAdvance());
        return null;
      }
      return {
        type: 'sliding',
        sizeMs: size,
        advanceMs: advance,
        timeColumn: w.timeColumn,
        origin: 'window_clause',
      };
    }
    case 'window_session': {
      const gap = durationOf(state, w.gap, 'gap');
      return gap === null
        ? null
        : {
            type: 'session',
            sizeMs: gap,
            advanceMs: 0,
            timeColumn: w.timeColumn,
            origin: 'window_clause',
          };
    }
  }
}

/** `TUMBLE(ts, size)`, `HOP(ts, slide, size)` (Flink argument order), `SESSION(ts, gap)`. */
export function windowFromGroupCall(state: AnalysisState, call: FunctionCall): WindowInfo | null {
  const expected = call.name === 'HOP' ? 3 : 2;
  if (call.args.length !== expected) {
    state.error(call.span, messages.argumentCount(call.name, `${expected}`, call.args.length));
    return null;
  }
  const timeColumn = call.args[0];
  if (call.name === 'TUMBLE') {
    const size = durationOf(state, call.args[1], 'size');
    return size === null
      ? null
      : { type: 'tumbling', sizeMs: size, advanceMs: size, timeColumn, origin: 'group_by' };
  }
  if (call.name === 'HOP') {
    const slide = durationOf(state, call.args[1], 'advance');
    const size = durationOf(state, call.args[2], 'size');
    if (slide === null || size === null) return null;
    if (slide > size) {
      state.error(call.args[1].span, messages.slidingAdvance());
      return null;
    }
    return { type: 'sliding', sizeMs: size, advanceMs: slide, timeColumn, origin: 'group_by' };
  }
  const gap = durationOf(state, call.args[1], 'gap');
  return gap === null
    ? null
    : { type: 'session', sizeMs: gap, advanceMs: 0, timeColumn, origin: 'group_by' };
}

/** `5s`, `500 ms`, `1 minute`, `5000` (milliseconds). null when not understood. */
export function parseDelay(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(text);
  if (!m) return null;
  if (m[2] === '') return Math.round(Number(m[1]));
  const unit = intervalUnit(m[2]);
  return unit ? intervalMs(m[1], unit) : null;
}

const FORMATS: readonly EventTimeFormatName[] = EVENT_TIME_FORMATS;

/** An option value with where it was written (for error positions). */
export interface OptionValue {
  value: string;
  span: Span;
}

/** Event-time settings: `options` (WITH) override `params` (URI). Bad values are reported. */
export function eventTimeSpec(
  state: AnalysisState,
  params: Record<string, OptionValue>,
  options: Record<string, OptionValue>,
): EventTimeSpec {
  const get = (key: string): OptionValue | undefined => options[key] ?? params[key];
  const spec: EventTimeSpec = {
    field: null,
    format: 'auto',
    watermarkDelayMs: 0,
    latePolicy: 'dlq',
  };
  const field = get('event.time.field');
  if (field && field.value.trim() !== '') spec.field = field.value.trim();
  const format = get('event.time.format');
  if (format) {
    const f = format.value.trim().toLowerCase();
    if ((FORMATS as readonly string[]).includes(f)) spec.format = f as EventTimeFormatName;
    else state.error(format.span, messages.badEventTimeFormat(format.value));
  }
  const delay = get('watermark.delay');
  if (delay) {
    const ms = parseDelay(delay.value);
    if (ms === null) state.error(delay.span, messages.badWatermarkDelay(delay.value));
    else spec.watermarkDelayMs = ms;
  }
  const late = get('late.policy');
  if (late) {
    const p = late.value.trim().toLowerCase();
    if (p === 'dlq' || p === 'drop') spec.latePolicy = p;
    else state.error(late.span, messages.badLatePolicy(late.value));
  }
  return spec;
}
