import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ManagedProcess {
  readonly name: string;
  readonly child: ChildProcess;
  readonly exited: Promise<ExitStatus>;
  hasExited(): boolean;
  /** Sends `signal`, then SIGKILL after `timeoutMs`; resolves once the process is gone. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<ExitStatus>;
}

export interface StartOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
}

function prefixLines(
  stream: NodeJS.ReadableStream | null,
  prefix: string,
  out: NodeJS.WriteStream,
) {
  if (!stream) return;
  createInterface({ input: stream }).on('line', (line) => out.write(`${prefix} ${line}\n`));
}

/** A long-running child whose output is shown line by line as `[name] ...`. */
export function startProcess(
  name: string,
  command: string,
  args: string[],
  options: StartOptions,
): ManagedProcess {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  prefixLines(child.stdout, `[${name}]`, process.stdout);
  prefixLines(child.stderr, `[${name}]`, process.stderr);
  let done = false;
  const exited = new Promise<ExitStatus>((resolve) => {
    child.once('exit', (code, signal) => {
      done = true;
      resolve({ code, signal });
    });
    child.once('error', (error) => {
      process.stderr.write(`[${name}] could not start: ${error.message}\n`);
      done = true;
      resolve({ code: 127, signal: null });
    });
  });
  return {
    name,
    child,
    exited,
    hasExited: () => done,
    async stop(signal = 'SIGTERM', timeoutMs = 10_000) {
      if (done) return exited;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const status = await exited;
      clearTimeout(timer);
      return status;
    },
  };
}

/** Runs a command to completion with inherited output; resolves with its exit code. */
export function runCommand(
  command: string,
  args: string[],
  options: StartOptions & { timeoutMs?: number },
): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: 'inherit' });
    const timer = options.timeoutMs
      ? setTimeout(() => {
          process.stderr.write(`velo: ${command} timed out after ${options.timeoutMs} ms\n`);
          child.kill('SIGKILL');
        }, options.timeoutMs)
      : undefined;
    child.once('error', () => resolve(127));
    child.once('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

/** Runs a command to completion, capturing its combined output. */
export function captureCommand(
  command: string,
  args: string[],
  options: StartOptions,
): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr?.on('data', (chunk) => {
      output += chunk;
    });
    child.once('error', (error) => resolve({ code: 127, output: error.message }));
    child.once('close', (code) => resolve({ code: code ?? 1, output }));
  });
}
