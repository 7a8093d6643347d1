import { existsSync } from 'node:fs';
import { say } from './log.ts';
import { repoPath } from './paths.ts';
import { runCommand } from './processes.ts';

export const consoleDir = repoPath('apps', 'console');

export function consoleIsBuilt(): boolean {
  return existsSync(repoPath('apps', 'console', '.next', 'BUILD_ID'));
}

/** `npm run build -w @velo/console` (next build); throws when it fails. */
export async function buildConsole(env: NodeJS.ProcessEnv): Promise<void> {
  say('building the console (next build; the first time takes a few minutes) ...');
  const code = await runCommand('npm', ['run', 'build', '-w', '@velo/console'], {
    cwd: repoPath(),
    env: { ...env, NEXT_TELEMETRY_DISABLED: '1' },
    timeoutMs: 15 * 60_000,
  });
  if (code !== 0) throw new Error(`the console build failed (exit ${code})`);
}
