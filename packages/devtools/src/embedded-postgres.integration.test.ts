import { mkdtempSync, rmdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { FALLBACK_ROOT, fallbackDataDir } from './data-location.ts';
import { type PostgresHost, startPostgresHost } from './embedded-postgres.ts';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('embedded PostgreSQL host', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'velo-embedded-pg-'));
  let host: PostgresHost | undefined;
  afterAll(async () => {
    await host?.stop();
    // mkdtemp folders are private (0700): as root the data goes to the fallback location.
    for (const name of ['pg', 'pg-blocked']) {
      rmSync(path.dirname(fallbackDataDir(path.join(root, name))), {
        recursive: true,
        force: true,
      });
    }
    rmSync(root, { recursive: true, force: true });
    try {
      rmdirSync(FALLBACK_ROOT); // only when empty
    } catch {}
  });

  it('initialises once, keeps the data across restarts and stops cleanly', async () => {
    const port = await freePort();
    const options = {
      dataDir: path.join(root, 'pg'),
      port,
      database: 'velo_it',
      logFile: path.join(root, 'postgres.log'),
    };
    host = await startPostgresHost(options);
    expect(host.url).toBe(`postgresql://postgres:postgres@127.0.0.1:${port}/velo_it`);
    await query(host.url, 'CREATE TABLE kept (id int); INSERT INTO kept VALUES (42)');
    // SCRAM, not cleartext: Velo's clients refuse to send a password in clear without TLS.
    expect(
      await query(
        host.url,
        "SELECT DISTINCT auth_method FROM pg_hba_file_rules WHERE type = 'host'",
      ),
    ).toEqual([{ auth_method: 'scram-sha-256' }]);
    await host.stop();
    expect(host.child.exitCode).toBe(0);
    await expect(query(host.url, 'SELECT 1')).rejects.toThrow(/ECONNREFUSED/);

    host = await startPostgresHost(options);
    expect(await query(host.url, 'SELECT id FROM kept')).toEqual([{ id: 42 }]);
    await host.stop();
    host = undefined;
  }, 120_000);

  it('reports a port that is taken', async () => {
    const blocker = net.createServer();
    const port = await new Promise<number>((resolve) =>
      blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as net.AddressInfo).port)),
    );
    try {
      await expect(
        startPostgresHost({
          dataDir: path.join(root, 'pg-blocked'),
          port,
          database: 'x',
          logFile: path.join(root, 'blocked.log'),
        }),
      ).rejects.toThrow(`port ${port} is already in use`);
    } finally {
      blocker.close();
    }
  });
});
