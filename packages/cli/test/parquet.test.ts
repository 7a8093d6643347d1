/** `velo query` over Parquet files (fixtures written by pyarrow, in the file connector's tests). */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const bin = join(here, '..', 'bin', 'velo.js');
const fixtures = join(here, '..', '..', 'connectors', 'src', 'file', 'fixtures', 'parquet');
const orders = pathToFileURL(join(fixtures, 'orders.parquet')).href;
const parts = `${pathToFileURL(join(fixtures, 'parts')).href}/*.parquet`;

function velo(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { timeout: 60_000 });
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

describe('velo query on Parquet', () => {
  it('computes on exact decimals, 64-bit integers, timestamps and structs', async () => {
    const r = await velo(
      'query',
      'SELECT id, amount * 2 AS twice, fee + big AS sum, name, attrs, ts FROM orders WHERE active',
      '--source',
      `orders=${orders}`,
    );
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      [
        '{"id":1,"twice":"24.60","sum":"1234567890123456912469134690.3579456789","name":"alpha","attrs":{"n":1,"d":"1.50","s":"x"},"ts":"2024-01-01T00:00:00.123Z"}',
        '{"id":-9007199254740993,"twice":"19999999.98","sum":null,"name":"","attrs":{"n":-7,"d":"-0.01","s":"y"},"ts":"2024-02-29T12:34:56.000Z"}',
        '',
      ].join('\n'),
    );
    expect(r.code).toBe(0);
  });

  it('aggregates a glob of files in event-time windows from a TIMESTAMP column', async () => {
    const r = await velo(
      'query',
      'SELECT TUMBLE_START() AS w, part, COUNT(*) AS n, SUM(total) AS total FROM p GROUP BY part WINDOW TUMBLING(1s)',
      '--source',
      `p=${parts}?event.time.field=at`,
    );
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      [
        '{"w":"2024-03-01T10:00:00.000Z","part":1,"n":1,"total":"1.10"}',
        '{"w":"2024-03-01T10:00:01.000Z","part":1,"n":1,"total":"-1.25"}',
        '{"w":"2024-03-02T10:00:00.000Z","part":2,"n":1,"total":"2.10"}',
        '{"w":"2024-03-02T10:00:01.000Z","part":2,"n":1,"total":"-2.25"}',
        '{"w":"2024-03-03T10:00:00.000Z","part":3,"n":1,"total":"3.10"}',
        '{"w":"2024-03-03T10:00:01.000Z","part":3,"n":1,"total":"-3.25"}',
        '',
      ].join('\n'),
    );
    expect(r.code).toBe(0);
  });
});
