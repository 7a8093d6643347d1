/**
 * The `velo` CLI installs no egress policy (a local tool run by its user, with that user's
 * rights): even with the server's VELO_* settings in its environment it reads files anywhere.
 * The worker is where the policy applies (apps/worker/test/egress.integration.test.ts).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'velo.js');

function velo(env: Record<string, string>, ...args: string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      env: { ...process.env, ...env },
      timeout: 60_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      stdout += c;
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      stderr += c;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('velo and the egress policy', () => {
  it('reads a file outside VELO_FILE_ROOT: the CLI configures no policy', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'velo-cli-egress-'));
    const path = join(dir, 'orders.jsonl');
    writeFileSync(path, '{"id": 1}\n{"id": 2}\n');
    const result = await velo(
      {
        VELO_MODE: 'production',
        VELO_FILE_ROOT: join(dir, 'root'),
        VELO_EGRESS_DENY: '0.0.0.0/0, ::/0',
      },
      'query',
      `SELECT id FROM '${pathToFileURL(path).href}'`,
    );
    expect([result.code, result.stdout, result.stderr]).toEqual([0, '{"id":1}\n{"id":2}\n', '']);
  }, 70_000);
});
