import { createSource, parseFileUri } from '@velo/connectors';
import { confineFilePath } from '@velo/connectors/egress';
import type { Keyring } from '@velo/db';
import {
  type Diagnostic,
  formatDiagnostic,
  inferSchema,
  parse,
  type Schema,
  validate,
} from '@velo/engine';
import type { Source } from '@velo/runtime';
import type { Db } from '../../db.ts';
import { getEgressPolicy } from '../../env.ts';
import { AppError } from '../../errors.ts';
import { checkConnectionEgress } from '../connections/check-connection-egress.ts';
import { resolveSourceUri } from '../preview/resolve-source-uri.ts';
import { positionOf, quotedUris, savedConnectionOf } from './saved-connection-refs.ts';

const SAMPLE_SIZE = 1000;
const SAMPLE_TIMEOUT_MS = 3000;

/** A promise's value, or null once `ms` passed (the work is abandoned, not awaited). */
function within<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    promise,
    new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * The schema of a saved connection's source (`kafka://@name/topic`), read as the preview reads
 * it (a table read: its own consumer group, nothing committed) within SAMPLE_TIMEOUT_MS; null
 * when it cannot be read now (unreachable, empty, no key to open the secret).
 */
async function sampleSavedSource(
  db: Db,
  keyring: () => Keyring,
  teamId: string,
  uri: string,
): Promise<Schema | null> {
  let source: Source | null = null;
  try {
    const resolved = await resolveSourceUri(db, keyring, teamId, uri);
    const policy = getEgressPolicy(); // also installs it for the connectors opened below
    if (resolved.connection) {
      await checkConnectionEgress(resolved.connection.type, resolved.connection.config, policy);
    }
    source = await within(
      createSource(resolved.uri, { connection: resolved.connection, asTable: true }),
      SAMPLE_TIMEOUT_MS,
    );
    if (!source) return null;
    const records = [];
    const deadline = Date.now() + SAMPLE_TIMEOUT_MS;
    while (records.length < SAMPLE_SIZE && Date.now() < deadline) {
      const batch = await within(source.readBatch(SAMPLE_SIZE), deadline - Date.now());
      if (!batch) break;
      records.push(...batch.records);
      if (batch.done || batch.tableLoaded) break;
    }
    return records.length > 0 ? inferSchema(records.slice(0, SAMPLE_SIZE)) : null;
  } catch {
    return null;
  } finally {
    if (source) await within(source.close(), 2000).catch(() => undefined);
  }
}

/** A SQL problem as the console shows it (1-based positions, as `velo validate --format json`). */
export interface SqlProblem {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  code: string;
  message: string;
  hint?: string;
}

/** `file:` URIs (sources and INTO sinks) outside the file root (VELO_FILE_ROOT), as errors. */
async function filesOutsideRoot(
  sql: string,
): Promise<{ diagnostics: Diagnostic[]; refused: Set<string> }> {
  const out: Diagnostic[] = [];
  const refused = new Set<string>();
  for (const uri of quotedUris(sql)) {
    if (!/^file:/i.test(uri)) continue;
    const config = parseFileUri(uri);
    if (typeof config === 'string') continue; // the analysis reports a malformed URI
    try {
      await confineFilePath(config.path, getEgressPolicy());
    } catch (error) {
      refused.add(uri);
      const { line, column } = positionOf(sql, uri);
      out.push({
        severity: 'error',
        code: 'file_outside_root',
        message: (error as Error).message,
        line,
        column,
        endLine: line,
        endColumn: column + uri.length,
      });
    }
  }
  return { diagnostics: out, refused };
}

/**
 * Schemas of the file and datagen sources, sampled as `velo validate` samples them; sources that
 * cannot be read now are validated schema-less (an unreadable source is a run-time problem).
 * Files outside the file root are never opened.
 */
async function sampleSchemas(
  sql: string,
  refused: Set<string>,
  saved: { db: Db; teamId: string; keyring?: () => Keyring },
): Promise<Record<string, Schema>> {
  const schemas: Record<string, Schema> = {};
  for (const ref of parse(sql).sources) {
    const uri = ref.uri;
    if (uri && savedConnectionOf(uri) && saved.keyring) {
      const schema = await sampleSavedSource(saved.db, saved.keyring, saved.teamId, uri);
      if (schema) schemas[ref.id] = schema;
      continue;
    }
    if (!uri || refused.has(uri) || savedConnectionOf(uri) || !/^(file|datagen):/i.test(uri))
      continue;
    try {
      const source = await createSource(uri);
      try {
        const batch = await Promise.race([
          source.readBatch(SAMPLE_SIZE),
          new Promise<null>((resolve) => setTimeout(() => resolve(null), SAMPLE_TIMEOUT_MS)),
        ]);
        if (batch && batch.records.length > 0) schemas[ref.id] = inferSchema(batch.records);
      } finally {
        await source.close();
      }
    } catch {
      // Validated schema-less.
    }
  }
  return schemas;
}

function problemOf(d: Diagnostic): SqlProblem {
  return {
    line: d.line,
    column: d.column,
    endLine: d.endLine,
    endColumn: d.endColumn,
    code: d.code,
    message: d.message,
    ...(d.hint ? { hint: d.hint } : {}),
  };
}

/** Saved connections the SQL names that the team does not have. */
async function missingConnections(db: Db, teamId: string, sql: string): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  for (const uri of quotedUris(sql)) {
    const ref = savedConnectionOf(uri);
    if (!ref) continue;
    const found = await db.connection.findFirst({
      where: { teamId, name: ref.name },
      select: { type: true },
    });
    const { line, column } = positionOf(sql, uri);
    const at = { line, column, endLine: line, endColumn: column + uri.length };
    if (!found) {
      out.push({
        severity: 'error',
        code: 'unknown_connection',
        message: `Connection "${ref.name}" does not exist in this team`,
        hint: 'Create it under Connections, or write the address into the URI',
        ...at,
      });
    } else if (
      found.type !== ref.scheme &&
      !(found.type === 'postgresql' && ref.scheme === 'postgres')
    ) {
      out.push({
        severity: 'error',
        code: 'connection_type',
        message: `Connection "${ref.name}" is a ${found.type} connection, not ${ref.scheme}; use a ${ref.scheme} connection or change the URI's scheme`,
        ...at,
      });
    }
  }
  return out;
}

/**
 * Checks job SQL with the engine's analysis (the same as `velo validate`, with the sources'
 * schemas sampled where they can be read now, saved connections included) and the team's saved
 * connections. Throws INVALID_INPUT whose message is the first error formatted as the CLI
 * prints it and whose `fieldErrors.sql` lists every error that way
 * (`error: … at line L, column C`); returns the warnings.
 */
export async function validateJobSql(
  db: Db,
  teamId: string,
  sql: string,
  /** Opens saved connections' secrets to sample their sources; without it they are not sampled. */
  keyring?: () => Keyring,
): Promise<SqlProblem[]> {
  const outside = await filesOutsideRoot(sql);
  const diagnostics = [
    ...outside.diagnostics,
    ...validate(sql, {
      schemas: await sampleSchemas(sql, outside.refused, { db, teamId, keyring }),
    }),
    ...(await missingConnections(db, teamId, sql)),
  ].sort((a, b) => a.line - b.line || a.column - b.column);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    const lines = errors.map((d) => formatDiagnostic(d));
    throw new AppError('INVALID_INPUT', lines[0].split('\n')[0], { sql: lines });
  }
  return diagnostics.map(problemOf);
}
