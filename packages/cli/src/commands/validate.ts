import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { type Diagnostic, formatDiagnostic, parse, type Schema, validate } from '@velo/engine';
import { CliError, type CliIO, writeAndDrain, writeLine } from '../io.ts';
import { openSources } from '../sources.ts';

export interface ValidateOptions {
  paths: string[];
  strict: boolean;
  format: 'text' | 'json';
}

interface FileReport {
  file: string;
  diagnostics: Diagnostic[];
}

async function collectSqlFiles(cwd: string, paths: string[]): Promise<string[]> {
  const files: string[] = [];
  const walk = async (abs: string): Promise<void> => {
    const entries = await readdir(abs, { withFileTypes: true });
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
      const child = join(abs, e.name);
      if (e.isDirectory()) await walk(child);
      else if (e.name.endsWith('.sql')) files.push(child);
    }
  };
  for (const p of paths) {
    const abs = resolve(cwd, p);
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(abs);
    } catch {
      throw new CliError(`cannot read '${p}': no such file or directory`);
    }
    if (info.isDirectory()) await walk(abs);
    else files.push(abs);
  }
  return files;
}

/**
 * Schemas of file/datagen sources that can be sampled locally; sources that cannot (Kafka,
 * missing files) are validated schema-less.
 */
async function sampleSchemas(sql: string): Promise<Record<string, Schema>> {
  const refs = parse(sql).sources.filter(
    (r) => r.uri && (r.uri.startsWith('file:') || r.uri.startsWith('datagen:')),
  );
  const schemas: Record<string, Schema> = {};
  for (const ref of refs) {
    try {
      const [opened] = await openSources([ref], new Map());
      if (!opened) continue;
      await opened.source.close();
      if (opened.schema) schemas[opened.id] = opened.schema;
    } catch {
      // An unreadable source is a run-time problem, not a validation error.
    }
  }
  return schemas;
}

/** `velo validate PATH...`: parse and analyse; exit 0 if valid, 1 if not. */
export async function runValidate(io: CliIO, options: ValidateOptions): Promise<number> {
  const files = await collectSqlFiles(io.cwd, options.paths);
  if (files.length === 0) throw new CliError('no .sql files found');
  const reports: FileReport[] = [];
  for (const file of files) {
    const sql = await readFile(file, 'utf8');
    const diagnostics = validate(sql, { schemas: await sampleSchemas(sql) });
    const rel = relative(io.cwd, file);
    reports.push({ file: rel === '' || rel.startsWith('..') ? file : rel, diagnostics });
  }
  const failing = (d: Diagnostic) => d.severity === 'error' || options.strict;
  const valid = reports.every((r) => !r.diagnostics.some(failing));
  if (options.format === 'json') {
    const entry = (file: string, d: Diagnostic) => ({
      file,
      line: d.line,
      column: d.column,
      endLine: d.endLine,
      endColumn: d.endColumn,
      severity: d.severity,
      code: d.code,
      message: d.message,
      ...(d.hint ? { hint: d.hint } : {}),
    });
    const all = reports.flatMap((r) => r.diagnostics.map((d) => entry(r.file, d)));
    const out = {
      valid,
      files: reports.length,
      errors: all.filter((d) => d.severity === 'error' || options.strict),
      warnings: options.strict ? [] : all.filter((d) => d.severity !== 'error'),
    };
    await writeAndDrain(io.stdout, `${JSON.stringify(out, null, 2)}\n`);
  } else {
    for (const r of reports) {
      for (const d of r.diagnostics) writeLine(io.stderr, `${r.file}: ${formatDiagnostic(d)}`);
    }
    const bad = reports.filter((r) => r.diagnostics.some(failing)).length;
    await writeAndDrain(
      io.stdout,
      bad === 0
        ? `${reports.length} ${reports.length === 1 ? 'file' : 'files'} valid\n`
        : `${bad} of ${reports.length} ${reports.length === 1 ? 'file' : 'files'} invalid\n`,
    );
  }
  return valid ? 0 : 1;
}
