import { createSource, parseFileUri } from '@velo/connectors';
import { confineFilePath } from '@velo/connectors/egress';
import {
  type Diagnostic,
  formatDiagnostic,
  inferSchema,
  parse,
  type Schema,
  validate,
} from '@velo/engine';
import type { Db } from '../../db.ts';
import { getEgressPolicy } from '../../env.ts';
import { AppError } from '../../errors.ts';
import { positionOf, quotedUris, savedConnectionOf } from './saved-connection-refs.ts';

const SAMPLE_SIZE = 1000;
const SAMPLE_TIMEOUT_MS = 3000;

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
async function sampleSchemas(sql: string, refused: Set<string>): Promise<Record<string, Schema>> {
  const schemas: Record<string, Schema> = {};
  for (const ref of parse(sql).sources) {
    const uri = ref.uri;
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
        message: `connection "${ref.name}" does not exist in this team`,
        hint: 'create it under Connections, or write the address into the URI',
        ...at,
      });
    } else if (
      found.type !== ref.scheme &&
      !(found.type === 'postgresql' && ref.scheme === 'postgres')
    ) {
      out.push({
        severity: 'error',
        code: 'connection_type',
        message: `connection "${ref.name}" is a ${found.type} connection, not ${ref.scheme}`,
        ...at,
      });
    }
  }
  return out;
}

/**
 * Checks job SQL with the engine's analysis (the same as `velo validate`) and the team's saved
 * connections. Throws INVALID_INPUT whose message is the first error formatted as the CLI
 * prints it and whose `fieldErrors.sql` lists every error that way
 * (`error: … at line L, column C`); returns the warnings.
 */
export async function validateJobSql(db: Db, teamId: string, sql: string): Promise<SqlProblem[]> {
  const outside = await filesOutsideRoot(sql);
  const diagnostics = [
    ...outside.diagnostics,
    ...validate(sql, { schemas: await sampleSchemas(sql, outside.refused) }),
    ...(await missingConnections(db, teamId, sql)),
  ].sort((a, b) => a.line - b.line || a.column - b.column);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    const lines = errors.map((d) => formatDiagnostic(d));
    throw new AppError('INVALID_INPUT', lines[0].split('\n')[0], { sql: lines });
  }
  return diagnostics.map(problemOf);
}
