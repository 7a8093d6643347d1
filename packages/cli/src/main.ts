import { parseArgs } from 'node:util';
import { CliError, type CliIO, processIO, ReportedError, writeLine } from './io.ts';

export const USAGE = `usage:
  velo query "<SQL>" [--source NAME=URI]... [--format jsonl|csv|table] [--limit N]
             [--mode table|changelog]
  velo run FILE.sql [--source NAME=URI]...
  velo validate PATH... [--strict] [--format text|json]

URIs: file:///abs/path.jsonl?format=jsonl, file:///abs/*.csv?format=csv&header=true,
      datagen://orders?rate=100&seed=1&limit=1000, kafka://host:9092/topic?group_id=g,
      postgresql://user@host/db?table=t, stdout://
--mode table (default) prints the final row per group; changelog prints every change.
A --source value without a scheme is a file path (relative to the current folder).`;

const OPTIONS = {
  source: { type: 'string', multiple: true, short: 's' },
  format: { type: 'string', short: 'f' },
  limit: { type: 'string', short: 'n' },
  mode: { type: 'string', short: 'm' },
  strict: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

async function dispatch(io: CliIO, argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    writeLine(command === undefined ? io.stderr : io.stdout, USAGE);
    return command === undefined ? 1 : 0;
  }
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: rest, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    throw new CliError((e as Error).message.split('\n')[0]);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    writeLine(io.stdout, USAGE);
    return 0;
  }
  const onlyFor = (flag: keyof typeof values, allowed: string[]) => {
    if (values[flag] !== undefined && !allowed.includes(command)) {
      throw new CliError(`option --${flag} is not valid for 'velo ${command}'`);
    }
  };
  onlyFor('limit', ['query']);
  onlyFor('mode', ['query']);
  onlyFor('strict', ['validate']);
  onlyFor('source', ['query', 'run']);
  switch (command) {
    case 'query': {
      if (positionals.length !== 1) throw new CliError('velo query expects one SQL string');
      // Commands load lazily so `velo --help` and usage errors do not load the engine.
      const { parseFormat, parseLimit, parseMode, runQuery } = await import('./commands/query.ts');
      return runQuery(io, {
        sql: positionals[0],
        sources: values.source ?? [],
        format: parseFormat(values.format),
        mode: parseMode(values.mode),
        limit: parseLimit(values.limit),
      });
    }
    case 'run': {
      if (positionals.length !== 1) throw new CliError('velo run expects one FILE.sql');
      if (values.format !== undefined)
        throw new CliError("option --format is not valid for 'velo run'");
      const { runFile } = await import('./commands/run.ts');
      return runFile(io, { file: positionals[0], sources: values.source ?? [] });
    }
    case 'validate': {
      if (positionals.length === 0) throw new CliError('velo validate expects at least one PATH');
      const format = values.format ?? 'text';
      if (format !== 'text' && format !== 'json') {
        throw new CliError(`--format must be text or json, got '${format}'`);
      }
      const { runValidate } = await import('./commands/validate.ts');
      return runValidate(io, { paths: positionals, strict: values.strict ?? false, format });
    }
    default:
      throw new CliError(`unknown command '${command}' (expected query, run or validate)`);
  }
}

/** Runs the CLI and returns its exit code; never throws. */
export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  try {
    return await dispatch(io, argv);
  } catch (e) {
    if (e instanceof ReportedError) return 1;
    const message = e instanceof Error ? e.message : String(e);
    writeLine(io.stderr, `error: ${message}`);
    return 1;
  }
}
