/** Spawns the real `velo` bin (node + tsx shim) and asserts stdout, stderr and exit code. */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'velo.js');
const dir = mkdtempSync(join(tmpdir(), 'velo-cli-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return path;
};
const uri = (path: string, query = '') => `${pathToFileURL(path).href}${query}`;

/**
 * Runs the bin without blocking this worker's event loop (a spawnSync of several seconds on a
 * loaded machine starves vitest's RPC and fails the run with "Timeout calling onTaskUpdate").
 */
function velo(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: dir, timeout: 60_000 });
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

const trades = file(
  'trades.jsonl',
  [
    '{"symbol": "AAPL", "price": 120.50, "qty": 10}',
    '{"symbol": "MSFT", "price": 99.99, "qty": 3}',
    '{"symbol": "AAPL", "price": 123456789012345.67, "qty": 1}',
    '{"symbol": "Zürich", "price": 100.01, "qty": 9007199254740993}',
  ].join('\n'),
);

describe('velo query', () => {
  it('prints JSONL rows with keys in SELECT order and exact decimals', async () => {
    const r = await velo(
      'query',
      'SELECT qty, symbol, price * 2 AS doubled FROM trades WHERE price > 100.00',
      '--source',
      `trades=${uri(trades)}`,
    );
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      [
        '{"qty":10,"symbol":"AAPL","doubled":"241.00"}',
        '{"qty":1,"symbol":"AAPL","doubled":"246913578024691.34"}',
        '{"qty":9007199254740993,"symbol":"Zürich","doubled":"200.02"}',
        '',
      ].join('\n'),
    );
    expect(r.code).toBe(0);
  });

  it('reads a quoted URI in FROM and a relative --source path', async () => {
    const a = await velo('query', `SELECT symbol FROM '${uri(trades)}' WHERE qty = 3`);
    expect(a).toEqual({ code: 0, stdout: '{"symbol":"MSFT"}\n', stderr: '' });
    const b = await velo(
      'query',
      'SELECT symbol FROM t WHERE qty = 3',
      '--source',
      't=trades.jsonl',
    );
    expect(b).toEqual({ code: 0, stdout: '{"symbol":"MSFT"}\n', stderr: '' });
  });

  it('aggregates a bounded source to its end with EMIT FINAL', async () => {
    const r = await velo(
      'query',
      'SELECT symbol, SUM(price) AS total, COUNT(*) AS n FROM trades GROUP BY symbol EMIT FINAL',
      '--source',
      `trades=${uri(trades)}`,
    );
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').filter(Boolean).sort()).toEqual([
      '{"symbol":"AAPL","total":"123456789012466.17","n":2}',
      '{"symbol":"MSFT","total":"99.99","n":1}',
      '{"symbol":"Zürich","total":"100.01","n":1}',
    ]);
  });

  it('orders an ascending OVER over a bounded input that arrives out of order', async () => {
    // Before, a single ascending OVER took arrival order for its ORDER BY (right for a stream in
    // event-time order), so v=3 arriving first got ROW_NUMBER 1 and its running SUM.
    const scores = file(
      'scores.jsonl',
      ['{"k":"a","v":3}', '{"k":"a","v":1}', '{"k":"b","v":5}', '{"k":"b","v":2}'].join('\n'),
    );
    const sql =
      'SELECT k, v, ROW_NUMBER() OVER w AS rn, SUM(v) OVER w AS run FROM s ' +
      'WINDOW w AS (PARTITION BY k ORDER BY v)';
    const expected = [
      '{"k":"a","v":1,"rn":1,"run":1}',
      '{"k":"a","v":3,"rn":2,"run":4}',
      '{"k":"b","v":2,"rn":1,"run":2}',
      '{"k":"b","v":5,"rn":2,"run":7}',
      '',
    ].join('\n');
    const bound = await velo('query', sql, '--source', `s=${uri(scores)}`);
    expect(bound.stderr).toBe('');
    expect(bound.stdout).toBe(expected);
    const inline = await velo('query', sql.replace('FROM s', `FROM '${uri(scores)}'`));
    expect(inline.stderr).toBe('');
    expect(inline.stdout).toBe(expected);
  });

  it('--limit stops after N rows', async () => {
    const r = await velo(
      'query',
      'SELECT symbol FROM trades',
      '--source',
      `trades=${uri(trades)}`,
      '--limit',
      '2',
    );
    expect(r).toEqual({ code: 0, stdout: '{"symbol":"AAPL"}\n{"symbol":"MSFT"}\n', stderr: '' });
  });

  it('--format csv prints a header and plain decimals', async () => {
    const r = await velo(
      'query',
      'SELECT symbol, price FROM trades',
      '--source',
      `trades=${uri(trades)}`,
      '--format',
      'csv',
      '--limit',
      '2',
    );
    expect(r).toEqual({ code: 0, stdout: 'symbol,price\nAAPL,120.50\nMSFT,99.99\n', stderr: '' });
  });

  it('--format table prints an aligned table', async () => {
    const r = await velo(
      'query',
      'SELECT symbol, price FROM trades',
      '--source',
      `trades=${uri(trades)}`,
      '--format',
      'table',
      '--limit',
      '2',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'symbol | price',
        '-------+-------',
        'AAPL   | 120.50',
        'MSFT   |  99.99',
        '(2 rows)',
        '',
      ].join('\n'),
    );
  });

  it('reads CSV with a header and globs in name order', async () => {
    file('csv/2024-01.csv', 'station,temp\nOslo,12.50\n');
    file('csv/2024-02.csv', 'station,temp\nRome,20.0\n');
    const r = await velo(
      'query',
      'SELECT station, temp FROM m',
      '--source',
      `m=${uri(join(dir, 'csv'))}/*.csv?format=csv&header=true`,
    );
    expect(r).toEqual({
      code: 0,
      stdout: '{"station":"Oslo","temp":"12.50"}\n{"station":"Rome","temp":"20.0"}\n',
      stderr: '',
    });
  });

  it('reads a bounded datagen source', async () => {
    const r = await velo(
      'query',
      "SELECT COUNT(*) AS n FROM 'datagen://orders?seed=1&limit=100' EMIT FINAL",
    );
    expect(r).toEqual({ code: 0, stdout: '{"n":100}\n', stderr: '' });
  });

  it('reports malformed input lines as dead letters and keeps going', async () => {
    const bad = file('bad.jsonl', '{"a": 1}\n{"a": oops}\n{"a": 2}\n');
    const r = await velo('query', 'SELECT a FROM b', '--source', `b=${uri(bad)}`);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('{"a":1}\n{"a":2}\n');
    expect(r.stderr).toMatch(
      new RegExp(`^dead letter: ${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:2: .+\n$`),
    );
  });

  it('prints an unknown column as a positioned error with a hint, exit 1', async () => {
    const r = await velo('query', 'SELECT XXXX FROM trades', '--source', `trades=${uri(trades)}`);
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'error: column "XXXX" does not exist at line 1, column 8\n  hint: available columns: symbol, price, qty\n',
    });
    const typo = await velo(
      'query',
      'SELECT symbl FROM trades',
      '--source',
      `trades=${uri(trades)}`,
    );
    expect(typo).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'error: column "symbl" does not exist at line 1, column 8\n  hint: did you mean "symbol"?\n',
    });
  });

  it('fails cleanly on a missing file', async () => {
    const r = await velo(
      'query',
      'SELECT a FROM x',
      '--source',
      `x=${uri(join(dir, 'missing.jsonl'))}`,
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`error: cannot open '${join(dir, 'missing.jsonl')}': ENOENT\n`);
  });
});

describe('velo query --mode', () => {
  const sql = 'SELECT symbol, COUNT(*) AS n FROM trades GROUP BY symbol';
  it('table (the default) prints the final row per group, in first-seen order', async () => {
    const r = await velo('query', sql, '--source', `trades=${uri(trades)}`);
    expect(r).toEqual({
      code: 0,
      stdout: '{"symbol":"AAPL","n":2}\n{"symbol":"MSFT","n":1}\n{"symbol":"Zürich","n":1}\n',
      stderr: '',
    });
    expect(
      await velo('query', sql, '--source', `trades=${uri(trades)}`, '--mode', 'table'),
    ).toEqual(r);
  });

  it('changelog prints every emitted change', async () => {
    const r = await velo('query', sql, '--source', `trades=${uri(trades)}`, '--mode', 'changelog');
    expect(r).toEqual({
      code: 0,
      stdout:
        '{"symbol":"AAPL","n":1}\n{"symbol":"MSFT","n":1}\n{"symbol":"AAPL","n":2}\n{"symbol":"Zürich","n":1}\n',
      stderr: '',
    });
  });

  it('rejects an unknown mode and --mode outside query', async () => {
    expect(await velo('query', sql, '--mode', 'upsert')).toEqual({
      code: 1,
      stdout: '',
      stderr: "error: --mode must be table or changelog, got 'upsert'\n",
    });
    expect((await velo('run', 'x.sql', '--mode', 'table')).stderr).toBe(
      "error: option --mode is not valid for 'velo run'\n",
    );
  });

  it('windows on a dotted event-time field of a --source URI, read as UTC', async () => {
    const events = file(
      'nested.jsonl',
      '{"p": {"ts": "2024-01-01T00:00:00"}}\n{"p": {"ts": "2024-01-01T00:30:00"}}\n',
    );
    const r = await velo(
      'query',
      'SELECT COUNT(*) AS n, TUMBLE_START() AS ws FROM e WINDOW TUMBLING(1h)',
      '--source',
      `e=${uri(events, '?event.time.field=p.ts')}`,
    );
    expect(r).toEqual({ code: 0, stdout: '{"n":2,"ws":"2024-01-01T00:00:00.000Z"}\n', stderr: '' });
  });
});

describe('velo run', () => {
  it('runs every statement and writes INTO sinks', async () => {
    const out = join(dir, 'out', 'big.jsonl');
    const sql = file(
      'job.sql',
      `CREATE STREAM big AS
SELECT symbol, price FROM trades WHERE price > 100.00
INTO '${uri(out, '?format=jsonl')}';
`,
    );
    const r = await velo('run', sql, '--source', `trades=${uri(trades)}`);
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(readFileSync(out, 'utf8')).toBe(
      [
        '{"symbol":"AAPL","price":"120.50"}',
        '{"symbol":"AAPL","price":"123456789012345.67"}',
        '{"symbol":"Zürich","price":"100.01"}',
        '',
      ].join('\n'),
    );
  });

  it('writes CSV sinks', async () => {
    const out = join(dir, 'out', 'small.csv');
    const sql = file(
      'csv-job.sql',
      `CREATE STREAM s AS SELECT symbol, qty FROM trades WHERE qty < 5 INTO '${uri(out, '?format=csv')}'`,
    );
    const r = await velo('run', sql, '--source', `trades=${uri(trades)}`);
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(readFileSync(out, 'utf8')).toBe('symbol,qty\nMSFT,3\nAAPL,1\n');
  });

  it('runs an unbounded source until interrupted, then flushes its sinks and exits 0', async () => {
    const out = join(dir, 'out', 'live.jsonl');
    const sql = file(
      'live.sql',
      `CREATE STREAM live AS SELECT order_id, amount FROM 'datagen://orders?rate=500&seed=1' INTO '${uri(out)}'`,
    );
    const child = spawn(process.execPath, [bin, 'run', sql], { cwd: dir });
    let stderr = '';
    child.stderr.on('data', (c) => {
      stderr += String(c);
    });
    // Start-up time varies with machine load: wait until the run has opened its sink.
    for (let i = 0; i < 300 && !existsSync(out); i++) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 1500));
    child.kill('SIGINT');
    const code = await new Promise((r) => child.on('exit', r));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines.length).toBeGreaterThan(10);
    expect(lines[0]).toMatch(/^\{"order_id":1,"amount":"\d+\.\d{2}"\}$/);
  });

  it('exits 1 for a missing SQL file', async () => {
    expect(await velo('run', 'nope.sql')).toEqual({
      code: 1,
      stdout: '',
      stderr: "error: cannot read 'nope.sql': ENOENT\n",
    });
  });
});

describe('velo validate', () => {
  const good = file('v/good.sql', `SELECT symbol FROM '${uri(trades)}' WHERE price > 1.00;\n`);
  file('v/sub/bad.sql', `SELECT\n  symbl\nFROM '${uri(trades)}';\n`);

  it('exits 0 for valid files', async () => {
    expect(await velo('validate', good)).toEqual({ code: 0, stdout: '1 file valid\n', stderr: '' });
  });

  it('exits 1 and prints positioned errors for invalid files in a folder', async () => {
    const r = await velo('validate', 'v');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('1 of 2 files invalid\n');
    expect(r.stderr).toBe(
      'v/sub/bad.sql: error: column "symbl" does not exist at line 2, column 3\n  hint: did you mean "symbol"?\n',
    );
  });

  it('--format json lists file, line, column, message and hint', async () => {
    const r = await velo('validate', 'v', '--format', 'json');
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.valid).toBe(false);
    expect(json.files).toBe(2);
    expect(json.errors).toEqual([
      expect.objectContaining({
        file: 'v/sub/bad.sql',
        line: 2,
        column: 3,
        severity: 'error',
        message: 'column "symbl" does not exist',
        hint: 'did you mean "symbol"?',
      }),
    ]);
  });
});

describe('velo validate with a syntax error beside an analysis error', () => {
  file(
    'mixed/two.sql',
    `SELECT symbol FROM '${uri(trades)}' GROUP BY XXXX;\nSELECT FROM nowhere;\n`,
  );

  it('reports both, each with its position', async () => {
    const r = await velo('validate', 'mixed', '--format', 'json');
    expect(r.code).toBe(1);
    const errors = JSON.parse(r.stdout).errors.map(
      (e: { line: number; column: number; message: string }) => [e.line, e.column, e.message],
    );
    expect(errors).toEqual([
      [
        1,
        `SELECT symbol FROM '${uri(trades)}' GROUP BY `.length + 1,
        'column "XXXX" does not exist',
      ],
      [2, 8, 'expected an expression but found "FROM"'],
    ]);
  });
});

describe('warnings and unbounded sources', () => {
  const events = file('events.jsonl', '{"k": "a", "ts": 1000}\n{"k": "a", "ts": 6000}\n');
  file(
    'w/processing-time.sql',
    `SELECT k, COUNT(*) AS n FROM '${uri(events)}' GROUP BY k WINDOW TUMBLING(5s);\n`,
  );

  it('validate passes with a warning, and --strict turns the warning into a failure', async () => {
    // The warning points at the WINDOW keyword.
    const warning = `w/processing-time.sql: warning: window runs on processing time: source "${uri(events)}" has no event time ('event.time.field') at line 1, column ${'SELECT k, COUNT(*) AS n FROM '.length + uri(events).length + 2 + ' GROUP BY k '.length + 1}\n  hint: set WITH ('event.time.field' = '<column>') to window on event time\n`;
    expect(await velo('validate', 'w')).toEqual({
      code: 0,
      stdout: '1 file valid\n',
      stderr: warning,
    });
    expect(await velo('validate', 'w', '--strict')).toEqual({
      code: 1,
      stdout: '1 of 1 file invalid\n',
      stderr: warning,
    });
  });

  it('event time from WITH windows by the field', async () => {
    const r = await velo(
      'query',
      `SELECT k, COUNT(*) AS n, TUMBLE_START() AS ws FROM '${uri(events)}' GROUP BY k WINDOW TUMBLING(5s) WITH ('event.time.field' = 'ts', 'event.time.format' = 'epoch_millis')`,
    );
    expect(r).toEqual({
      code: 0,
      stdout:
        '{"k":"a","n":1,"ws":"1970-01-01T00:00:00.000Z"}\n{"k":"a","n":1,"ws":"1970-01-01T00:00:05.000Z"}\n',
      stderr: '',
    });
  });

  it('--limit ends a query over an unbounded generator', async () => {
    const r = await velo(
      'query',
      "SELECT order_id FROM 'datagen://orders?rate=200&seed=3'",
      '--limit',
      '3',
    );
    expect(r).toEqual({
      code: 0,
      stdout: '{"order_id":1}\n{"order_id":2}\n{"order_id":3}\n',
      stderr: '',
    });
  });
});

describe('usage errors', () => {
  it('rejects unknown commands and options', async () => {
    expect(await velo('frobnicate')).toEqual({
      code: 1,
      stdout: '',
      stderr: "error: unknown command 'frobnicate' (expected query, run or validate)\n",
    });
    expect((await velo('query', 'SELECT 1', '--limit', 'x')).stderr).toBe(
      "error: --limit must be a non-negative integer, got 'x'\n",
    );
    expect((await velo('validate', 'v', '--limit', '1')).stderr).toBe(
      "error: option --limit is not valid for 'velo validate'\n",
    );
  });

  it('prints usage with --help', async () => {
    const r = await velo('--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage:\n {2}velo query/);
  });
});
