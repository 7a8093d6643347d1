/**
 * The live tail of a job's output on a real worker process: the worker samples the newest
 * records per output into JobOutputSample (bounded), and job.outputSample hands them to the
 * console oldest first, exact decimals as text, newer-than-a-seq on request; a viewer reads it.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  spawnWorker,
  WORKER_START_MS,
  type WorkerProcess,
  waitUntil,
} from '../../../../../apps/worker/test/worker-process.ts';
import {
  type Caller,
  callerFor,
  createTeamWithRoles,
  prisma,
  uniqueLabel,
} from '../../../test/harness.ts';
import { getEgressPolicy } from '../../env.ts';

const DIR = join(getEgressPolicy().fileRoot, 'output-tail-tests');
const ROWS = 60;
const amountOf = (i: number) => `1234567890123.${String(i).padStart(2, '0')}`;

let editor: Caller;
let viewer: Caller;
let teamId: string;
let worker: WorkerProcess;

beforeAll(async () => {
  await mkdir(DIR, { recursive: true });
  const team = await createTeamWithRoles('output-tail');
  teamId = team.teamId;
  editor = await callerFor(team.editor);
  viewer = await callerFor(team.viewer);
  worker = spawnWorker(uniqueLabel('tail'), {
    WORKER_TEAMS: teamId,
    VELO_FILE_ROOT: getEgressPolicy().fileRoot,
  });
});

afterAll(async () => {
  await worker?.stop();
});

describe('job.outputSample', () => {
  it('returns the newest 50 records of a sink, exact, and only newer ones after a seq', async () => {
    const input = join(DIR, `${uniqueLabel('in')}.jsonl`);
    const output = join(DIR, `${uniqueLabel('out')}.jsonl`);
    const lines = Array.from({ length: ROWS }, (_, i) => `{"id":${i},"amount":${amountOf(i)}}`);
    await writeFile(input, `${lines.join('\n')}\n`);
    const sink = `file://${output}?format=jsonl`;
    const { id } = await editor.job.create({
      teamId,
      name: uniqueLabel('tail'),
      sql: `CREATE STREAM doubled AS SELECT id, amount, amount + amount AS twice
FROM 'file://${input}?format=jsonl' INTO '${sink}';`,
      restartPolicy: 'never',
    });
    expect(await viewer.job.outputSample({ teamId, id })).toEqual({ sinks: [], records: [] });
    await editor.job.start({ teamId, id });

    const tail = await waitUntil(
      'the last record in the tail',
      async () => {
        const t = await viewer.job.outputSample({ teamId, id });
        return t.records.at(-1)?.cells[0]?.v === String(ROWS - 1) && t.records.length === 50
          ? t
          : null;
      },
      WORKER_START_MS,
      250,
    );
    expect(tail.sinks).toEqual([tail.records[0].sink]);
    expect(tail.records.map((r) => [r.sink, r.columns, r.cells])).toEqual(
      Array.from({ length: 50 }, (_, k) => {
        const i = ROWS - 50 + k;
        const twice = (BigInt(amountOf(i).replace('.', '')) * 2n).toString();
        return [
          tail.sinks[0],
          ['id', 'amount', 'twice'],
          [
            { t: 'INTEGER', v: String(i) },
            { t: 'DECIMAL', v: amountOf(i) },
            { t: 'DECIMAL', v: `${twice.slice(0, -2)}.${twice.slice(-2)}` },
          ],
        ];
      }),
    );
    const seqs = tail.records.map((r) => BigInt(r.seq));
    expect(seqs).toEqual([...seqs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    // Bounded in the table too, not only in the answer.
    expect(await prisma.jobOutputSample.count({ where: { jobId: id } })).toBe(50);

    const newer = await viewer.job.outputSample({ teamId, id, afterSeq: tail.records[48].seq });
    expect(newer.records.map((r) => r.cells[0].v)).toEqual([String(ROWS - 1)]);
    const none = await viewer.job.outputSample({ teamId, id, sink: 'stdout://nothing' });
    expect(none).toEqual({ sinks: tail.sinks, records: [] });
    await editor.job.stop({ teamId, id });
  }, 200_000);
});
