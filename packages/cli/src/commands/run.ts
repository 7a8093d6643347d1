import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createSink, RowFormatter, type Sink } from '@velo/connectors';
import { execute } from '../execute.ts';
import { CliError, type CliIO, writeAndDrain } from '../io.ts';
import { parseSourceFlags } from '../sources.ts';

export interface RunOptions {
  file: string;
  sources: string[];
}

/**
 * `velo run FILE.sql`: runs every statement until bounded sources end or the user interrupts.
 * Outputs go to each statement's INTO sink; a plain SELECT prints JSONL to stdout; streams
 * without INTO are intermediate and only feed later statements.
 */
export async function runFile(io: CliIO, options: RunOptions): Promise<number> {
  const path = resolve(io.cwd, options.file);
  let sql: string;
  try {
    sql = await readFile(path, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read '${options.file}': ${(e as NodeJS.ErrnoException).code}`);
  }
  const bindings = parseSourceFlags(options.sources, io.cwd);
  const sinks = new Map<string, Sink>();
  const stdoutRows = new RowFormatter('jsonl');
  try {
    await execute(io, sql, bindings, {
      async onOutput(batch) {
        if (batch.sink === 'result') {
          const text = stdoutRows.formatRows(batch.columns, batch.records);
          if (text) await writeAndDrain(io.stdout, text);
          return false;
        }
        if (!batch.sink.includes(':')) return false;
        let sink = sinks.get(batch.sink);
        if (!sink) {
          try {
            sink = await createSink(batch.sink, { stdout: io.stdout });
          } catch (e) {
            throw new CliError((e as Error).message);
          }
          sinks.set(batch.sink, sink);
        }
        await sink.writeBatch(batch.columns, batch.records);
        return false;
      },
    });
  } finally {
    for (const sink of sinks.values()) await sink.close();
  }
  return 0;
}
