/** Turns source and engine dead letters into one `RunDeadLetter` shape for `onDeadLetter`. */
import { type DeadLetter, formatJsonRow } from '@velo/engine';
import type { MetricsCollector } from './metrics.ts';
import type { RunDeadLetter, RunOptions } from './run-types.ts';
import type { Source, SourceDeadLetter, SourcePosition } from './types.ts';

interface SourceRef {
  id: string;
  source: Source;
  position: SourcePosition;
}

export async function routeSourceDeadLetters(
  options: RunOptions,
  metrics: MetricsCollector,
  s: SourceRef,
  deadLetters: SourceDeadLetter[],
): Promise<void> {
  metrics.deadLetters.decode += deadLetters.length;
  metrics.sources[s.id].deadLetters += deadLetters.length;
  if (!options.onDeadLetter) return;
  for (const d of deadLetters) {
    await options.onDeadLetter({
      kind: 'decode',
      sourceId: s.id,
      sourceUri: s.source.uri,
      location: d.location,
      position: s.position,
      raw: d.raw,
      encoding: d.encoding ?? 'utf8',
      reason: d.reason,
    });
  }
}

/** Where a record came from, when its source stamped it (Kafka partition/offset). */
function locationOf(d: DeadLetter): string | undefined {
  const r = d.record;
  if (!r || r.offset === undefined) return undefined;
  return r.partition === undefined ? `@${r.offset}` : `${r.partition}@${r.offset}`;
}

export async function routeEngineDeadLetters(
  options: RunOptions,
  metrics: MetricsCollector,
  states: SourceRef[],
  deadLetters: DeadLetter[],
): Promise<void> {
  for (const d of deadLetters) {
    const kind = d.kind === 'late' ? 'late' : 'runtime';
    metrics.deadLetters[kind]++;
    const state = states.find((s) => s.id === d.sourceId);
    if (state) metrics.sources[state.id].deadLetters++;
    if (!options.onDeadLetter) continue;
    const dl: RunDeadLetter = {
      kind,
      sourceId: d.sourceId,
      sourceUri: state?.source.uri ?? d.sourceId,
      position: state?.position,
      raw: d.record ? formatJsonRow(d.record.fields) : null,
      encoding: 'utf8',
      reason: d.reason,
      record: d.record,
    };
    const location = locationOf(d);
    if (location !== undefined) dl.location = location;
    if (d.line !== undefined) {
      dl.sqlLine = d.line;
      dl.sqlColumn = d.column;
    }
    await options.onDeadLetter(dl);
  }
}
