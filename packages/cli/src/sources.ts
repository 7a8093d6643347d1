import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createSource, type Source, schemeOf } from '@velo/connectors';
import { inferSchema, type parse, type Schema } from '@velo/engine';
import { peekSource } from '@velo/runtime';
import { CliError } from './io.ts';

export const SAMPLE_SIZE = 1000;

export interface OpenSource {
  /** The engine's source id (the quoted URI or the bare name as written). */
  id: string;
  uri: string;
  /** Bound by `--source NAME=URI` (its URI parameters go to the engine by name). */
  bound: boolean;
  /** Replays the sampled batch first, so no record is lost to sampling. */
  source: Source;
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
 * error with a position). Bounded and generated sources are sampled to infer their schema
 * (DESIGN §2).
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
      const entry: OpenSource = { id: ref.id, uri, bound: bound !== undefined, source };
      opened.push(entry);
      if (source.bounded || uri.startsWith('datagen:')) {
        const peeked = await peekSource(source, SAMPLE_SIZE);
        entry.source = peeked.source;
        if (peeked.sample.records.length > 0) entry.schema = inferSchema(peeked.sample.records);
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

/** URI parameters of bound sources (event.time.field…), for the engine. */
export function sourceParams(sources: OpenSource[]): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const s of sources) {
    if (!s.bound) continue;
    try {
      out[s.id] = Object.fromEntries(new URL(s.uri).searchParams);
    } catch {
      // Not a URL the WHATWG parser accepts: the connector already accepted it; no parameters.
    }
  }
  return out;
}
