/**
 * A job through the tRPC API on a real worker process: create, start, RUNNING, exact windowed
 * output with exact decimals, stop, restart from the checkpoint (output continues with no gap
 * and no duplicate), update to version 2, restart without state (output starts over).
 */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getEgressPolicy } from '../../../packages/api/src/env.ts';
import {
  type Caller,
  callerFor,
  createTeamWithRoles,
  prisma,
  uniqueLabel,
} from '../../../packages/api/test/harness.ts';
import { compareWindows, expectedLines, readOutput, windowsOf } from './expected-windows.ts';
import { spawnWorker, type WorkerProcess, waitUntil } from './worker-process.ts';

// Inside the file root the API checks job SQL against; the worker gets the same root.
const FILE_ROOT = getEgressPolicy().fileRoot;
const DIR = join(FILE_ROOT, 'worker-tests');
const SOURCE = 'datagen://orders?seed=11&rate=2000';
const selectFor = (
  window: string,
) => `SELECT product, SUM(amount * quantity) AS revenue, COUNT(*) AS orders,
       TUMBLE_START() AS window_start
FROM '${SOURCE}'
GROUP BY product
WINDOW TUMBLING(${window})
EMIT FINAL`;
const jobSql = (window: string, out: string) =>
  `CREATE STREAM per_product AS\n${selectFor(window)}\nINTO 'file://${out}?format=jsonl'\nWITH ('event.time.field' = 'ts');`;

let api: Caller;
let teamId: string;
let worker: WorkerProcess;

beforeAll(async () => {
  await mkdir(DIR, { recursive: true });
  const team = await createTeamWithRoles('worker-life');
  teamId = team.teamId;
  api = await callerFor(team.editor);
  worker = spawnWorker(uniqueLabel('w'), { WORKER_TEAMS: teamId, VELO_FILE_ROOT: FILE_ROOT });
});

afterAll(async () => {
  await worker?.stop();
});

const getJob = (id: string) => api.job.get({ teamId, id });
const stateIs = (id: string, state: string) => async () => (await getJob(id)).state === state;

describe('a job on a real worker', () => {
  it('runs, stops, restarts with and without state, exactly', async () => {
    const out1 = `${DIR}/${uniqueLabel('life')}.jsonl`;
    const { id, version } = await api.job.create({
      teamId,
      name: uniqueLabel('per-product'),
      sql: jobSql('1s', out1),
      restartPolicy: 'never',
    });
    expect(version).toBe(1);
    await api.job.start({ teamId, id });
    await waitUntil('RUNNING', stateIs(id, 'RUNNING'), 30_000);
    expect((await getJob(id)).ownerWorkerId).toBe(worker.id);
    await waitUntil('3 windows', async () => windowsOf(await readOutput(out1)).size >= 3, 20_000);

    await api.job.stop({ teamId, id });
    await waitUntil('STOPPED', stateIs(id, 'STOPPED'), 12_000);
    const stopped = await getJob(id);
    expect([stopped.desiredState, stopped.ownerWorkerId, stopped.lastError]).toEqual([
      'STOPPED',
      null,
      null,
    ]);
    const first = await readOutput(out1);
    const expected = expectedLines(selectFor('1s'), SOURCE, 200_000);
    const c1 = compareWindows(first, expected);
    expect(c1).toMatchObject({ missing: [], duplicates: 0, wrong: [] });
    // Exact decimals: revenue keeps scale 2 (amount DECIMAL(10,2) × INTEGER).
    expect(JSON.parse(first[0]).revenue).toMatch(/^\d+\.\d{2}$/);
    const checkpoints = await api.job.checkpoints({ teamId, id });
    expect(checkpoints.length).toBeGreaterThan(0);

    // Restart from the checkpoint: the output continues where it stopped.
    await api.job.restart({ teamId, id, fromCheckpoint: true });
    await waitUntil('RUNNING again', stateIs(id, 'RUNNING'), 30_000);
    const before = c1.windows;
    await waitUntil(
      '2 more windows',
      async () => windowsOf(await readOutput(out1)).size >= before + 2,
      20_000,
    );
    await api.job.stop({ teamId, id });
    await waitUntil('STOPPED again', stateIs(id, 'STOPPED'), 12_000);
    const c2 = compareWindows(await readOutput(out1), expected);
    expect(c2).toMatchObject({ missing: [], duplicates: 0, wrong: [] });
    expect(c2.windows).toBeGreaterThanOrEqual(before + 2);
    const runs = await api.job.runs({ teamId, id });
    expect(runs.map((r) => [r.version, r.finalState])).toEqual([
      [1, 'STOPPED'],
      [1, 'STOPPED'],
    ]);
    expect(runs[0].restoredCheckpointEpoch).not.toBeNull();
    expect(runs[1].restoredCheckpointEpoch).toBeNull();

    // Version 2 (2 s windows, another file), restarted without state: starts from event 0.
    const out2 = `${DIR}/${uniqueLabel('life-v2')}.jsonl`;
    expect((await api.job.update({ teamId, id, sql: jobSql('2s', out2) })).version).toBe(2);
    await api.job.restart({ teamId, id, fromCheckpoint: false });
    await waitUntil('RUNNING v2', stateIs(id, 'RUNNING'), 30_000);
    await waitUntil(
      '2 windows of v2',
      async () => windowsOf(await readOutput(out2)).size >= 2,
      20_000,
    );
    await api.job.stop({ teamId, id });
    await waitUntil('STOPPED v2', stateIs(id, 'STOPPED'), 12_000);
    const v2 = await readOutput(out2);
    const c3 = compareWindows(v2, expectedLines(selectFor('2s'), SOURCE, 200_000));
    expect(c3).toMatchObject({ missing: [], duplicates: 0, wrong: [] });
    expect(JSON.parse(v2[0]).window_start).toBe('2023-11-14T22:13:20.000Z');
    const latest = (await api.job.runs({ teamId, id }))[0];
    expect([latest.version, latest.restoredCheckpointEpoch, latest.finalState]).toEqual([
      2,
      null,
      'STOPPED',
    ]);
    const messages = (await api.job.logs({ teamId, id, limit: 200 })).items.map((l) => l.message);
    expect(messages).toContain('restart requested (without state)');
    expect(messages.some((m) => m.startsWith('running; restored checkpoint'))).toBe(true);
    await rm(out1, { force: true });
    await rm(out2, { force: true });
  }, 180_000);

  it('a stop during start-up works', async () => {
    const out = `${DIR}/${uniqueLabel('early')}.jsonl`;
    const { id } = await api.job.create({
      teamId,
      name: uniqueLabel('early-stop'),
      sql: jobSql('1s', out),
    });
    await api.job.start({ teamId, id });
    await waitUntil(
      'claimed',
      async () => {
        const job = await prisma.job.findUniqueOrThrow({ where: { id } });
        return job.actualState === 'STARTING' || job.actualState === 'RUNNING';
      },
      30_000,
      20,
    );
    await api.job.stop({ teamId, id });
    await waitUntil('STOPPED', stateIs(id, 'STOPPED'), 12_000);
    const [run] = await api.job.runs({ teamId, id });
    expect(run.finalState).toBe('STOPPED');
    await rm(out, { force: true });
  }, 60_000);

  it('serves /healthz and /readyz', async () => {
    const line = await waitUntil('metrics port', () =>
      worker.lines.find((l) => l.includes('metrics on :')),
    );
    const port = /metrics on :(\d+)/.exec(line)?.[1];
    expect(await (await fetch(`http://127.0.0.1:${port}/healthz`)).text()).toBe('ok\n');
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect([ready.status, await ready.text()]).toEqual([200, 'ready\n']);
  });
});
