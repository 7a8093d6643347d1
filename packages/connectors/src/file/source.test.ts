import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatJsonRow } from '@velo/engine';
import { describe, expect, it } from 'vitest';
import { createSource } from '../registry.ts';
import type { Source } from '../types.ts';

const dir = mkdtempSync(join(tmpdir(), 'velo-file-source-'));
const uriOf = (name: string, query = '') => `${pathToFileURL(join(dir, name)).href}${query}`;

async function readAll(source: Source, max = 1000) {
  const rows: string[] = [];
  const dead: { line?: number; reason: string }[] = [];
  for (;;) {
    const batch = await source.readBatch(max);
    for (const r of batch.records) rows.push(formatJsonRow(r.fields));
    for (const d of batch.deadLetters) dead.push({ line: d.line, reason: d.reason });
    if (batch.done) break;
  }
  await source.close();
  return { rows, dead };
}

describe('file source: JSONL', () => {
  it('reads numbers exactly, keeping their scale', async () => {
    writeFileSync(
      join(dir, 'exact.jsonl'),
      '{"id": 1, "price": 120.50, "big": 123456789012345.67}\n{"id": 9007199254740993, "price": 0.1}\n',
    );
    const { rows, dead } = await readAll(await createSource(uriOf('exact.jsonl')));
    expect(rows).toEqual([
      '{"id":1,"price":"120.50","big":"123456789012345.67"}',
      '{"id":9007199254740993,"price":"0.1"}',
    ]);
    expect(dead).toEqual([]);
  });

  it('sends malformed lines to dead letters with their line numbers, never dropping them', async () => {
    writeFileSync(join(dir, 'bad.jsonl'), '{"a": 1}\n{"a": \n[1, 2]\n\n{"a": 3}\n');
    const { rows, dead } = await readAll(await createSource(uriOf('bad.jsonl')));
    expect(rows).toEqual(['{"a":1}', '{"a":3}']);
    expect(dead.length).toBe(2);
    expect(dead[0].line).toBe(2);
    expect(dead[1].reason).toBe('expected a JSON object');
  });

  it('streams files larger than one chunk, across multi-byte characters', async () => {
    const line = (i: number) => `{"i": ${i}, "s": "日本語テキスト-${'é'.repeat(i % 7)}"}`;
    const n = 40_000; // ~1.6 MB: several 1 MiB chunks
    writeFileSync(
      join(dir, 'large.jsonl'),
      Array.from({ length: n }, (_, i) => line(i)).join('\n'),
    );
    const { rows, dead } = await readAll(await createSource(uriOf('large.jsonl')), 4096);
    expect(dead).toEqual([]);
    expect(rows.length).toBe(n);
    expect(rows[n - 1]).toBe(`{"i":${n - 1},"s":"日本語テキスト-${'é'.repeat((n - 1) % 7)}"}`);
    expect(rows[12_345]).toBe(`{"i":12345,"s":"日本語テキスト-${'é'.repeat(12_345 % 7)}"}`);
  });

  it('sends a record over max.record.bytes to the dead letters without holding it, and resumes after it', async () => {
    const huge = `{"big": "${'z'.repeat(3 * (1 << 20))}"}`;
    writeFileSync(join(dir, 'huge.jsonl'), `{"i": 1}\n${huge}\n{"i": 2}\n{"i": 3}\n`);
    const uri = uriOf('huge.jsonl', '?max.record.bytes=1048576');
    const first = await createSource(uri);
    const batch = await first.readBatch(2);
    expect(batch.records.map((r) => formatJsonRow(r.fields))).toEqual(['{"i":1}', '{"i":2}']);
    expect(batch.deadLetters.map((d) => [d.line, d.reason, d.raw.length])).toEqual([
      [
        2,
        `record of ${huge.length + 1} bytes is over the limit of 1048576 bytes (max.record.bytes)`,
        1024,
      ],
    ]);
    expect(batch.position).toMatchObject({ byte: 9 + huge.length + 1 + 9, line: 4 });
    await first.close();
    const { rows, dead } = await readAll(await createSource(uri, { resumeFrom: batch.position }));
    expect(rows).toEqual(['{"i":3}']);
    expect(dead).toEqual([]);

    // A CSV quote that does not end within the limit: its line is skipped, the next lines are
    // read again as records (the short ones go to the dead letters too), nothing is dropped.
    writeFileSync(join(dir, 'runaway.csv'), `a,b\n1,x\n2,"${'q\n'.repeat(10_000)}3,y\n`);
    const csv = await readAll(await createSource(uriOf('runaway.csv', '?max.record.bytes=5000')));
    expect(csv.rows).toEqual(['{"a":1,"b":"x"}', '{"a":3,"b":"y"}']);
    expect(csv.dead.length).toBe(10_000);
    expect(csv.dead[0]).toEqual({
      line: 3,
      reason: 'CSV record does not end within max.record.bytes (5000); its first line is skipped',
    });
    expect(csv.dead[9_999]).toEqual({
      line: 10_002,
      reason: 'expected 2 fields, got 1 at line 10002',
    });
  });

  it('resumes at the right byte after multi-byte text, across chunks', async () => {
    const line = (i: number) => `{"i": ${i}, "s": "${i % 3 === 0 ? 'ascii' : 'Zürich 日本'}"}`;
    const n = 30_000; // ~1.1 MB: the resume point lies in the second chunk
    writeFileSync(join(dir, 'utf8.jsonl'), Array.from({ length: n }, (_, i) => line(i)).join('\n'));
    const first = await createSource(uriOf('utf8.jsonl'));
    let position: unknown;
    let read = 0;
    while (read < 25_001) {
      const batch = await first.readBatch(Math.min(4096, 25_001 - read));
      read += batch.records.length;
      position = batch.position;
    }
    await first.close();
    const { rows } = await readAll(
      await createSource(uriOf('utf8.jsonl'), { resumeFrom: position }),
    );
    expect(rows.length).toBe(n - 25_001);
    expect(rows[0]).toBe(`{"i":25001,"s":"Zürich 日本"}`);
  });

  it('reads globs in name order', async () => {
    writeFileSync(join(dir, 'part-2.jsonl'), '{"p": 2}\n');
    writeFileSync(join(dir, 'part-1.jsonl'), '{"p": 1}\n');
    writeFileSync(join(dir, 'part-10.jsonl'), '{"p": 10}\n');
    const { rows } = await readAll(await createSource(uriOf('part-*.jsonl')));
    expect(rows).toEqual(['{"p":1}', '{"p":10}', '{"p":2}']);
  });

  it('hands raw fields to the engine: event-time parameters never drop records here', async () => {
    writeFileSync(join(dir, 'nested.jsonl'), '{"payload": {"ts": 1700000000000}}\n{"x": 1}\n');
    const source = await createSource(
      uriOf('nested.jsonl', '?event.time.field=payload.ts&event.time.format=epoch_millis'),
      { now: () => 42 },
    );
    const batch = await source.readBatch(10);
    expect(batch.deadLetters).toEqual([]);
    expect(batch.records.map((r) => [formatJsonRow(r.fields), r.eventTime])).toEqual([
      ['{"payload":{"ts":1700000000000}}', 42],
      ['{"x":1}', 42],
    ]);
  });

  it('resumes after a committed position', async () => {
    writeFileSync(join(dir, 'resume.jsonl'), [1, 2, 3, 4, 5].map((i) => `{"i": ${i}}`).join('\n'));
    const first = await createSource(uriOf('resume.jsonl'));
    const batch = await first.readBatch(2);
    expect(batch.records.length).toBe(2);
    await first.close();
    const second = await createSource(uriOf('resume.jsonl'), { resumeFrom: batch.position });
    const { rows } = await readAll(second);
    expect(rows).toEqual(['{"i":3}', '{"i":4}', '{"i":5}']);
  });

  it('reports a missing file', async () => {
    await expect(createSource(uriOf('nope.jsonl'))).rejects.toThrow(/cannot open .*nope\.jsonl/);
  });
});

describe('file source: CSV', () => {
  it('reads a header and infers DECIMAL, INTEGER and STRING', async () => {
    writeFileSync(join(dir, 'h.csv'), 'station,temp,n\nOslo,12.50,3\nRome,-0.5,4\n');
    const { rows } = await readAll(await createSource(uriOf('h.csv', '?format=csv&header=true')));
    expect(rows).toEqual([
      '{"station":"Oslo","temp":"12.50","n":3}',
      '{"station":"Rome","temp":"-0.5","n":4}',
    ]);
  });

  it('uses declared columns, types and delimiter for headerless files', async () => {
    writeFileSync(join(dir, 'm.csv'), 'Hamburg;12.0\nBulawayo;8\n');
    const { rows } = await readAll(
      await createSource(
        uriOf(
          'm.csv',
          '?format=csv&header=false&delimiter=;&columns=station,temp&types=STRING,DECIMAL',
        ),
      ),
    );
    expect(rows).toEqual([
      '{"station":"Hamburg","temp":"12.0"}',
      '{"station":"Bulawayo","temp":"8"}',
    ]);
  });

  it('reads every file of a CSV glob with its own header', async () => {
    writeFileSync(join(dir, 'g-a.csv'), 'x\n1\n');
    writeFileSync(join(dir, 'g-b.csv'), 'x\n2\n');
    const { rows } = await readAll(await createSource(uriOf('g-*.csv', '?format=csv')));
    expect(rows).toEqual(['{"x":1}', '{"x":2}']);
  });

  it('resumes mid-file and still knows the header', async () => {
    writeFileSync(join(dir, 'r.csv'), 'a,b\n1,x\n2,y\n3,z\n');
    const first = await createSource(uriOf('r.csv', '?format=csv'));
    const batch = await first.readBatch(1);
    expect(batch.records.map((r) => formatJsonRow(r.fields))).toEqual(['{"a":1,"b":"x"}']);
    await first.close();
    const { rows } = await readAll(
      await createSource(uriOf('r.csv', '?format=csv'), { resumeFrom: batch.position }),
    );
    expect(rows).toEqual(['{"a":2,"b":"y"}', '{"a":3,"b":"z"}']);
  });

  it('sends rows that do not fit the declared types to dead letters', async () => {
    writeFileSync(join(dir, 't.csv'), 'n\n1\nabc\n3\n');
    const { rows, dead } = await readAll(
      await createSource(uriOf('t.csv', '?format=csv&types=INTEGER')),
    );
    expect(rows).toEqual(['{"n":1}', '{"n":3}']);
    expect(dead.length).toBe(1);
    expect(dead[0].line).toBe(3);
  });

  it('reads a quoted field that spans lines, also across a chunk boundary', async () => {
    writeFileSync(join(dir, 'multi.csv'), 'id,note\n1,"line one\nline two"\n2,"a ""b"""\n');
    const { rows, dead } = await readAll(await createSource(uriOf('multi.csv')));
    expect(dead).toEqual([]);
    expect(rows).toEqual(['{"id":1,"note":"line one\\nline two"}', '{"id":2,"note":"a \\"b\\""}']);

    // A 1 MiB chunk ends inside the quoted field of record 2; its line numbers stay right.
    const filler = 'x'.repeat((1 << 20) - 20);
    writeFileSync(
      join(dir, 'boundary.csv'),
      `id,note\n1,${filler}\n2,"first\n${'y'.repeat(100)}\nlast"\n3,bad"\n4,ok\n`,
    );
    const source = await createSource(uriOf('boundary.csv', '?types=INTEGER,STRING'));
    const out = await readAll(source, 2);
    expect(out.rows.slice(1)).toEqual([
      `{"id":2,"note":"first\\n${'y'.repeat(100)}\\nlast"}`,
      '{"id":3,"note":"bad\\""}',
      '{"id":4,"note":"ok"}',
    ]);
    expect(out.dead).toEqual([]);
  });

  it('resumes after a multi-line record and reads quoted header names with delimiters', async () => {
    writeFileSync(join(dir, 'hq.csv'), '"a,1",b\n"x\ny",1\nz,2\n');
    const first = await createSource(uriOf('hq.csv'));
    const batch = await first.readBatch(1);
    expect(batch.records.map((r) => formatJsonRow(r.fields))).toEqual(['{"a,1":"x\\ny","b":1}']);
    expect(batch.position).toEqual({ file: 0, byte: 16, skip: 0, line: 4 });
    await first.close();
    const { rows } = await readAll(
      await createSource(uriOf('hq.csv'), { resumeFrom: batch.position }),
    );
    expect(rows).toEqual(['{"a,1":"z","b":2}']);
  });

  it('reports an unterminated quoted field at the end of a file with its line', async () => {
    writeFileSync(join(dir, 'open.csv'), 'a,b\n1,2\n3,"never closed\n4,5\n');
    const { rows, dead } = await readAll(await createSource(uriOf('open.csv')));
    expect(rows).toEqual(['{"a":1,"b":2}']);
    expect(dead).toEqual([{ line: 3, reason: 'unterminated quoted field at line 3' }]);
  });

  it('rejects columns and types of different lengths', async () => {
    await expect(
      createSource(uriOf('m.csv', '?format=csv&columns=a,b&types=STRING')),
    ).rejects.toThrow("'columns' has 2 names but 'types' has 1");
  });
});
