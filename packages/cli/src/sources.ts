import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createSource, type Source, schemeOf } from '@velo/connectors';
import { type EngineRecord, inferSchema, type parse, type Schema } from '@velo/engine';
import { CliError } from './io.ts';

export const SAMPLE_SIZE = 1000;

export interface OpenSource {
  /** The engine's source id (the quoted URI or the bare name as written). */
  id: string;
  uri: string;
  source: Source;
  /** Records read to infer the schema; pushed first. */
  sample: EngineRecord[];
  sampleDone: boolean;
  sampleDeadLetters: { location: string; reason: string }[];
  schema?: Schema;
}

/** `NAME=URI` flags → map. A bare path (no scheme) becomes a file URI, relative to cwd. */
export function parseSourceFlags(flags: string[], cwd: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    if (eq <= 0) throw new CliError(`--source expects NAME=URI, got '${flag}'`);
    const name = flag.slice(0, eq).trim();
    let uri = flag.slice(eq + 1).trim();
    if (schemeOf(uri) === '' || /^[a-zA-Z]:[\\/]/.test(uri)) {
      const [path, query] = uri.split('?', 2);
      const abs = isAbsolute(path) ? path : resolve(cwd, path);
      uri = pathToFileURL(abs).href + (query ? `?${query}` : '');
    }
    out.set(name, uri);
  }
  return out;
}

type SourceRef = ReturnType<typeof parse>['sources'][number];

/**
 * Opens every source the SQL reads from outside: quoted URIs and names bound by `--source`.
 * Names bound to nothing are left to the engine (earlier streams/tables, or an unknown-name
 * error with a position). Each source is sampled to infer its schema (DESIGN §2).
 */
export async function openSources(
  refs: SourceRef[],
  bindings: Map<string, string>,
): Promise<OpenSource[]> {
  const opened: OpenSource[] = [];
  const seen = new Set<string>();
  try {
    for (const ref of refs) {
      if (seen.has(ref.id)) continue;
      seen.add(ref.id);
      const bound = ref.name !== undefined ? bindings.get(ref.name) : bindings.get(ref.id);
      const uri = bound ?? ref.uri;
      if (!uri) continue;
      let source: Source;
      try {
        source = await createSource(uri);
      } catch (e) {
        throw new CliError((e as Error).message);
      }
      const entry: OpenSource = {
        id: ref.id,
        uri,
        source,
        sample: [],
        sampleDone: false,
        sampleDeadLetters: [],
      };
      opened.push(entry);
      if (source.bounded || uri.startsWith('datagen:')) {
        const batch = await source.readBatch(SAMPLE_SIZE);
        entry.sample = batch.records;
        entry.sampleDone = batch.done;
        entry.sampleDeadLetters = batch.deadLetters;
        if (batch.records.length > 0) entry.schema = inferSchema(batch.records);
      }
    }
  } catch (e) {
    await Promise.all(opened.map((s) => s.source.close()));
    throw e;
  }
  return opened;
}

export function boundNames(refs: SourceRef[], bindings: Map<string, string>): string[] {
  return refs.filter((r) => bindings.has(r.name ?? r.id)).map((r) => r.id);
}
