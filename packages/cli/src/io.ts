/** Where a command writes; tests pass buffers, the bin passes the process streams. */
export interface CliIO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Resolves when the user interrupts (Ctrl-C); unbounded runs stop then. */
  interrupted: Promise<void>;
  cwd: string;
}

export function processIO(): CliIO {
  const interrupted = new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return { stdout: process.stdout, stderr: process.stderr, interrupted, cwd: process.cwd() };
}

export function writeLine(stream: NodeJS.WritableStream, text: string): void {
  stream.write(`${text}\n`);
}

/** Writes and waits until the data is handed to the OS (so exit codes follow full output). */
export function writeAndDrain(stream: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve) => {
    if (stream.write(text)) resolve();
    else stream.once('drain', () => resolve());
  });
}

/** An error the CLI reports as `error: <message>` with exit code 1 (no stack trace). */
export class CliError extends Error {}

/** Failure whose messages were already printed (e.g. diagnostics); exit 1 silently. */
export class ReportedError extends Error {}
