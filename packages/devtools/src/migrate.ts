import { say } from './log.ts';
import { binPath, repoRoot } from './paths.ts';
import { captureCommand } from './processes.ts';

/** Applies the Prisma migrations in prisma/migrations (`prisma migrate deploy`). */
export async function migrateDeploy(databaseUrl: string): Promise<void> {
  const { code, output } = await captureCommand(binPath('prisma'), ['migrate', 'deploy'], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
  });
  if (code !== 0) throw new Error(`prisma migrate deploy failed:\n${output.trim()}`);
  const summary = output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) =>
      /migrations? (have|has) been|No pending migrations|Applying migration/.test(line),
    );
  say(`migrations: ${summary.length > 0 ? summary.join('; ') : 'applied'}`);
}
