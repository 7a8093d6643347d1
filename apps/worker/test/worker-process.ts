/**
 * Real worker processes for tests: `node --import tsx apps/worker/src/main.ts` with the given
 * environment; stdout's pino lines are kept for assertions.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface WorkerProcess {
  id: string;
  proc: ChildProcess;
  /** Parsed JSON log lines and plain lines, in order. */
  lines: string[];
  exited: Promise<number | null>;
  signal(signal: NodeJS.Signals): void;
  /** Graceful stop (SIGTERM) and wait. */
  stop(): Promise<number | null>;
}

/** Short timings so recovery tests take seconds: lease 2 s, poll 200 ms, checkpoint 500 ms. */
export const FAST_ENV: Record<string, string> = {
  WORKER_LEASE_MS: '2000',
  WORKER_POLL_MS: '200',
  WORKER_HEARTBEAT_MS: '1000',
  WORKER_CHECKPOINT_INTERVAL_MS: '500',
  WORKER_METRICS_PORT: '0',
  WORKER_METRICS_HOST: '127.0.0.1',
  WORKER_RESTART_BACKOFF_MS: '200',
  WORKER_RESTART_BACKOFF_MAX_MS: '2000',
  LOG_LEVEL: 'info',
  // File sources and sinks of the tests live here (the egress policy confines file paths).
  VELO_FILE_ROOT: '/tmp/velo-worker-tests',
};

/**
 * How long tests wait for a freshly spawned worker to claim and start a job: tsx compiles the
 * worker's imports at start-up, which takes tens of seconds on a 2-core machine under load.
 */
export const WORKER_START_MS = 120_000;

export function spawnWorker(id: string, env: Record<string, string>): WorkerProcess {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'apps/worker/src/main.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...FAST_ENV, WORKER_ID: id, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let partial = '';
  const collect = (chunk: Buffer) => {
    partial += chunk.toString('utf8');
    const parts = partial.split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts.filter((line) => line !== ''));
  };
  proc.stdout?.on('data', collect);
  proc.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolve) =>
    proc.once('exit', (code) => resolve(code)),
  );
  return {
    id,
    proc,
    lines,
    exited,
    signal: (signal) => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
    },
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      return exited;
    },
  };
}

export async function waitUntil<T>(
  what: string,
  check: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  timeoutMs = 20_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
