/**
 * What a windowed datagen job must have written, computed by the engine in the test process
 * from the same seeded generator (deterministic per event number), and the job's output file
 * split into windows.
 */
import { readFile } from 'node:fs/promises';
import {
  compile,
  createDatagen,
  createPipeline,
  formatJsonLines,
  inferSchema,
  parseDatagenUri,
} from '@velo/engine';

/** Output lines per window_start, in window order. */
export type Windows = Map<string, string[]>;

export function windowsOf(lines: string[]): Windows {
  const out: Windows = new Map();
  for (const line of lines) {
    const start = (JSON.parse(line) as { window_start: string }).window_start;
    const list = out.get(start) ?? [];
    list.push(line);
    out.set(start, list);
  }
  return out;
}

export async function readOutput(path: string): Promise<string[]> {
  try {
    return (await readFile(path, 'utf8')).split('\n').filter((line) => line !== '');
  } catch {
    return [];
  }
}

/**
 * Runs `select` (a SELECT reading `uri`, without INTO) over the first `events` events of the
 * generator `uri` names and returns its output lines.
 */
export function expectedLines(select: string, uri: string, events: number): string[] {
  const spec = parseDatagenUri(uri);
  if ('error' in spec) throw new Error(spec.error);
  const records = createDatagen({ ...spec, limit: events }).nextBatch(events);
  const compiled = compile(select, { schemas: { [uri]: inferSchema(records.slice(0, 1000)) } });
  if (!compiled.program) throw new Error(JSON.stringify(compiled.diagnostics));
  const pipeline = createPipeline(compiled.program);
  pipeline.push(uri, records);
  pipeline.endOfInput(uri);
  return pipeline
    .takeOutput()
    .flatMap((out) => formatJsonLines(out.records, out.columns).split('\n'))
    .filter((line) => line !== '');
}

export interface Comparison {
  windows: number;
  /** Windows of the expected prefix missing from the output (records lost). */
  missing: string[];
  /** Output lines beyond one copy of each expected line. */
  duplicates: number;
  /** Output windows whose rows differ from the expected rows. */
  wrong: string[];
}

/** Compares output with the expected windows up to the last window the output holds. */
export function compareWindows(output: string[], expected: string[]): Comparison {
  const got = windowsOf(output);
  const want = windowsOf(expected);
  const last = [...got.keys()].sort().at(-1);
  const missing: string[] = [];
  const wrong: string[] = [];
  let duplicates = 0;
  for (const [start, lines] of want) {
    if (last === undefined || start > last) break;
    const have = got.get(start);
    if (!have) {
      missing.push(start);
      continue;
    }
    const unique = [...new Set(have)].sort();
    duplicates += have.length - unique.length;
    if (JSON.stringify(unique) !== JSON.stringify([...lines].sort())) wrong.push(start);
  }
  return { windows: got.size, missing, duplicates, wrong };
}
