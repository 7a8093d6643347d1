/**
 * Regression tests for issue 6: event time is the engine's job. The file source hands raw
 * fields over; dotted fields and zone-less ISO timestamps (UTC) work the same as in the engine.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compile, formatJsonRow, inferSchema } from '@velo/engine';
import { peekSource, runProgram } from '@velo/runtime';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createSource } from '../registry.ts';

const dir = mkdtempSync(join(tmpdir(), 'velo-file-event-time-'));
const previousTz = process.env.TZ;

beforeAll(() => {
  // A zone west of UTC: reading `2024-01-01T00:00:00` as local time would shift it by 5 hours.
  process.env.TZ = 'America/New_York';
});
afterAll(() => {
  process.env.TZ = previousTz;
});

async function query(sql: string, id: string, uri: string, bound = false): Promise<string[]> {
  const { sample, source } = await peekSource(await createSource(uri), 100);
  const params = Object.fromEntries(new URL(uri).searchParams);
  const c = compile(sql, {
    schemas: { [id]: inferSchema(sample.records) },
    boundSources: bound ? [id] : [],
    sourceParams: bound ? { [id]: params } : undefined,
  });
  if (!c.program) throw new Error(c.diagnostics.map((d) => d.message).join('\n'));
  const out: string[] = [];
  const dead: string[] = [];
  await runProgram({
    program: c.program,
    sources: { [id]: source },
    onOutput: (o) => {
      out.push(...o.records.map((r) => formatJsonRow(r.fields)));
    },
    onDeadLetter: (d) => {
      dead.push(d.reason);
    },
  });
  await source.close();
  expect(dead).toEqual([]);
  return out;
}

const path = join(dir, 'events.jsonl');
const uri = `${pathToFileURL(path).href}?event.time.field=payload.ts`;

beforeAll(() => {
  writeFileSync(
    path,
    [
      '{"payload": {"ts": "2024-01-01T00:00:00"}, "v": 1}',
      '{"payload": {"ts": "2024-01-01T00:59:59.999"}, "v": 2}',
      '{"payload": {"ts": "2024-01-01T01:00:00"}, "v": 3}',
    ].join('\n'),
  );
});

const windowed = (from: string) =>
  `SELECT COUNT(*) AS n, SUM(v) AS s, TUMBLE_START() AS ws FROM ${from} WINDOW TUMBLING(1h)`;

it('windows on a dotted event-time field read as UTC, from a URI in FROM', async () => {
  expect(await query(windowed(`'${uri}'`), uri, uri)).toEqual([
    '{"n":2,"s":3,"ws":"2024-01-01T00:00:00.000Z"}',
    '{"n":1,"s":3,"ws":"2024-01-01T01:00:00.000Z"}',
  ]);
});

it('windows the same for a name bound to that URI (--source events=…)', async () => {
  expect(await query(windowed('events'), 'events', uri, true)).toEqual([
    '{"n":2,"s":3,"ws":"2024-01-01T00:00:00.000Z"}',
    '{"n":1,"s":3,"ws":"2024-01-01T01:00:00.000Z"}',
  ]);
});
