import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { RowFormatter } from '@velo/connectors';
import { execute } from '../execute.ts';
import { CliError, type CliIO, writeAndDrain } from '../io.ts';
import { parseSourceFlags } from '../sources.ts';

export interface RunOptions {
  file: string;
  sources: string[];
}

/**
 * `velo run FILE.sql`: runs every statement until bounded sources end or the user interrupts;
 * then flushes the sinks and commits the sources' positions. Outputs go to each statement's
 * INTO sink; a plain SELECT prints JSONL to stdout; streams without INTO only feed later
 * statements.
 */
export async function runFile(io: CliIO, options: RunOptions): Promise<number> {
  const path = resolve(io.cwd, options.file);
  let sql: string;
  try {
    sql = await readFile(path, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read '${options.file}': ${(e as NodeJS.ErrnoException).code}`);
  }
  const stdoutRows = new RowFormatter('jsonl');
  await execute(io, {
    sql,
    bindings: parseSourceFlags(options.sources, io.cwd),
    writeSinks: true,
    commitOnStop: true,
    async onOutput(batch) {
      if (batch.sink !== 'result') return;
      const text = stdoutRows.formatRows(batch.columns, batch.records);
      if (text) await writeAndDrain(io.stdout, text);
    },
  });
  return 0;
}
