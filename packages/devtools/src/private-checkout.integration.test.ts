/**
 * `npm start` / `npm test` as root in a checkout inside a private (0700) folder, as in /root:
 * the postgres user can reach neither the data folder nor node_modules there (issue 13).
 * The test clones this repository into such a folder and starts the embedded PostgreSQL from
 * the clone, as `npm start` does.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FALLBACK_ROOT, fallbackDataDir } from './data-location.ts';
import { repoPath, veloDir } from './paths.ts';

const isRoot = userInfo().uid === 0;
if (!isRoot) {
  process.stdout.write(
    'private-checkout test skipped: it needs root (postgres runs as another user)\n',
  );
}

// The probe run inside the clone: start the host, ask the server where its data lives, stop.
const PROBE = `
import path from 'node:path';
import pg from 'pg';
import { startPostgresHost } from './packages/devtools/src/embedded-postgres.ts';
const host = await startPostgresHost({
  dataDir: path.resolve('.velo/pg'), port: Number(process.argv[2]), database: 'velo_private',
  logFile: path.resolve('.velo/pg.log'),
});
try {
  const client = new pg.Client({ connectionString: host.url });
  await client.connect();
  const { rows } = await client.query("SELECT current_setting('data_directory') AS dir, 1 + 1 AS two");
  await client.end();
  console.log('RESULT ' + JSON.stringify(rows[0]));
} finally {
  await host.stop();
}
`;

describe.skipIf(!isRoot)('embedded PostgreSQL in a private checkout, as root', () => {
  // Inside .velo so that node_modules can be hard-linked (same file system), not copied.
  mkdirSync(veloDir, { recursive: true });
  const privateRoot = mkdtempSync(path.join(veloDir, 'private-'));
  const clone = path.join(privateRoot, 'velo');
  afterAll(() => {
    rmSync(path.dirname(fallbackDataDir(path.join(clone, '.velo', 'pg'))), {
      recursive: true,
      force: true,
    });
    rmSync(privateRoot, { recursive: true, force: true });
  });

  it('starts from the clone with data and binaries where the postgres user can reach them', () => {
    chmodSync(privateRoot, 0o700);
    execFileSync('git', ['clone', '-q', repoPath(), clone]);
    // The code under test is the working tree's, which may not be committed yet.
    cpSync(
      repoPath('packages', 'devtools', 'src'),
      path.join(clone, 'packages', 'devtools', 'src'),
      {
        recursive: true,
      },
    );
    execFileSync('cp', ['-al', repoPath('node_modules'), path.join(clone, 'node_modules')]);
    writeFileSync(path.join(clone, 'probe.mts'), PROBE);
    const port = 20000 + Math.floor(Math.random() * 20000);
    const output = execFileSync(process.execPath, ['--import', 'tsx', 'probe.mts', String(port)], {
      cwd: clone,
      encoding: 'utf8',
      timeout: 150_000,
    });
    const line = output.split('\n').find((l) => l.startsWith('RESULT '));
    expect(line, output).toBeDefined();
    const result = JSON.parse(line?.slice('RESULT '.length) ?? '{}') as {
      dir: string;
      two: number;
    };
    expect(result.two).toBe(2);
    expect(result.dir).toBe(fallbackDataDir(path.join(clone, '.velo', 'pg')));
    expect(result.dir.startsWith(`${FALLBACK_ROOT}/`)).toBe(true);
    expect(output).toContain(`its data lives in ${result.dir}`);
  }, 180_000);
});
