/**
 * The job API against real PostgreSQL: create with SQL validation (positions), versions,
 * start/stop/restart without a worker, delete, the read procedures and the audit trail.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type Caller,
  callerFor,
  createTeamWithRoles,
  errorOf,
  prisma,
  type TeamFixture,
  uniqueLabel,
} from '../../../test/harness.ts';
import { getEgressPolicy } from '../../env.ts';

const SQL = `CREATE STREAM totals AS
SELECT customer_id, SUM(amount) AS total, COUNT(*) AS n
FROM 'datagen://orders?seed=1&rate=1000'
GROUP BY customer_id
WINDOW TUMBLING(1s)
EMIT FINAL
INTO 'file://${getEgressPolicy().fileRoot}/jobs-api-test.jsonl?format=jsonl';`;

let team: TeamFixture;
let editor: Caller;
let viewer: Caller;

beforeAll(async () => {
  team = await createTeamWithRoles('jobs');
  editor = await callerFor(team.editor);
  viewer = await callerFor(team.viewer);
});

describe('job.create', () => {
  it('saves a DRAFT job with version 1 and an audit entry', async () => {
    const name = uniqueLabel('job');
    const created = await editor.job.create({ teamId: team.teamId, name, sql: SQL });
    expect(created.version).toBe(1);
    const job = await viewer.job.get({ teamId: team.teamId, id: created.id });
    expect(job).toMatchObject({
      id: created.id,
      name,
      sql: SQL,
      version: 1,
      state: 'DRAFT',
      desiredState: 'DRAFT',
      restartPolicy: 'on-failure',
      parallelism: 1,
      ownerWorkerId: null,
      lastError: null,
      restarts: 0,
      runningVersion: null,
      createdBy: { id: team.editor.id, email: team.editor.email },
    });
    const audit = await prisma.auditLog.findFirstOrThrow({
      where: { teamId: team.teamId, action: 'job.create', objectId: created.id },
    });
    expect(audit.actorId).toBe(team.editor.id);
    expect(audit.details).toEqual({
      name,
      version: 1,
      restartPolicy: 'on-failure',
      parallelism: 1,
    });
  });

  it('refuses SQL with an unknown column, saying where', async () => {
    const name = uniqueLabel('bad');
    const error = await errorOf(() =>
      editor.job.create({
        teamId: team.teamId,
        name,
        sql: "SELECT customer_idd FROM 'datagen://orders?seed=1'",
      }),
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toBe('error: column "customer_idd" does not exist at line 1, column 8');
    const fieldErrors = (error.cause as { fieldErrors?: Record<string, string[]> }).fieldErrors;
    expect(fieldErrors?.sql?.[0]).toMatch(
      /^error: column "customer_idd" does not exist at line 1, column 8\n {2}hint: .*customer_id/,
    );
    expect(await prisma.job.count({ where: { teamId: team.teamId, name } })).toBe(0);
  });

  it('refuses a syntax error with its line and column', async () => {
    const error = await errorOf(() =>
      editor.job.create({
        teamId: team.teamId,
        name: uniqueLabel('syntax'),
        sql: "SELECT *\nFROM 'datagen://orders' WHERE",
      }),
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toMatch(/ at line 2, column \d+$/);
  });

  it('refuses a saved connection the team does not have', async () => {
    const sql = "SELECT *\n  FROM 'kafka://@no-such-cluster/orders'";
    const error = await errorOf(() =>
      editor.job.create({ teamId: team.teamId, name: uniqueLabel('conn'), sql }),
    );
    expect(error.message).toBe(
      'error: Connection "no-such-cluster" does not exist in this team at line 2, column 9',
    );
  });

  it('refuses a file outside the file root (VELO_FILE_ROOT), saying where', async () => {
    const sql = "SELECT *\nFROM 'file:///etc/passwd?format=csv'";
    const error = await errorOf(() =>
      editor.job.create({ teamId: team.teamId, name: uniqueLabel('outside'), sql }),
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toBe(
      `error: /etc/passwd is outside the file root ${getEgressPolicy().fileRoot} (VELO_FILE_ROOT) at line 2, column 7`,
    );
  });

  it('refuses a duplicate name with CONFLICT', async () => {
    const name = uniqueLabel('dup');
    await editor.job.create({ teamId: team.teamId, name, sql: SQL });
    const error = await errorOf(() => editor.job.create({ teamId: team.teamId, name, sql: SQL }));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toBe(
      `A job named "${name}" already exists in this team; choose another name`,
    );
  });
});

describe('job.update and job.versions', () => {
  it('keeps every version', async () => {
    const { id } = await editor.job.create({
      teamId: team.teamId,
      name: uniqueLabel('v'),
      sql: SQL,
    });
    const sql2 = SQL.replace('TUMBLING(1s)', 'TUMBLING(2s)');
    expect((await editor.job.update({ teamId: team.teamId, id, sql: sql2 })).version).toBe(2);
    // a windowed GROUP BY over datagen cannot be split between tasks: refused, nothing saved
    const refused = await errorOf(() =>
      editor.job.update({ teamId: team.teamId, id, restartPolicy: 'never', parallelism: 2 }),
    );
    expect([refused.code, refused.message]).toEqual([
      'BAD_REQUEST',
      'parallelism 2 is not possible: GROUP BY on columns other than the message key _key needs repartitioning by the grouping key, and repartitioning needs a Kafka source',
    ]);
    expect(
      (await editor.job.update({ teamId: team.teamId, id, restartPolicy: 'never' })).version,
    ).toBe(3);
    const versions = await viewer.job.versions({ teamId: team.teamId, id });
    expect(versions.map((v) => [v.version, v.sql, v.restartPolicy, v.parallelism])).toEqual([
      [3, sql2, 'never', 1],
      [2, sql2, 'on-failure', 1],
      [1, SQL, 'on-failure', 1],
    ]);
    const job = await viewer.job.get({ teamId: team.teamId, id });
    expect([job.version, job.sql, job.restartPolicy, job.updatedBy?.id]).toEqual([
      3,
      sql2,
      'never',
      team.editor.id,
    ]);
  });

  it('refuses bad SQL in an update and keeps the old version', async () => {
    const { id } = await editor.job.create({
      teamId: team.teamId,
      name: uniqueLabel('u'),
      sql: SQL,
    });
    const error = await errorOf(() =>
      editor.job.update({ teamId: team.teamId, id, sql: "SELECT nope FROM 'datagen://orders'" }),
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect((await viewer.job.get({ teamId: team.teamId, id })).version).toBe(1);
    expect(await viewer.job.versions({ teamId: team.teamId, id })).toHaveLength(1);
  });
});

describe('state requests without a worker', () => {
  it('start sets desired RUNNING; stop of an unclaimed job is STOPPED at once', async () => {
    const { id } = await editor.job.create({
      teamId: team.teamId,
      name: uniqueLabel('s'),
      sql: SQL,
    });
    const started = await editor.job.start({ teamId: team.teamId, id });
    expect([started.desiredState, started.state]).toEqual(['RUNNING', 'DRAFT']);
    const stopped = await editor.job.stop({ teamId: team.teamId, id });
    expect([stopped.desiredState, stopped.state]).toEqual(['STOPPED', 'DRAFT']);
    const restarted = await editor.job.restart({ teamId: team.teamId, id, fromCheckpoint: false });
    expect(restarted.desiredState).toBe('RUNNING');
    const row = await prisma.job.findUniqueOrThrow({ where: { id } });
    expect(row.stateResetAt).not.toBeNull();
    const logs = await viewer.job.logs({ teamId: team.teamId, id });
    expect(logs.items.map((l) => l.message)).toEqual([
      'restart requested (without state)',
      'stop requested',
      'start requested',
      'job created (version 1)',
    ]);
    const actions = await prisma.auditLog.findMany({
      where: { objectId: id },
      orderBy: { id: 'asc' },
      select: { action: true },
    });
    expect(actions.map((a) => a.action)).toEqual([
      'job.create',
      'job.start',
      'job.stop',
      'job.restart',
    ]);
  });

  it('logs and dead letters page by cursor', async () => {
    const { id } = await editor.job.create({
      teamId: team.teamId,
      name: uniqueLabel('p'),
      sql: SQL,
    });
    await prisma.dlqRecord.createMany({
      data: [1, 2, 3].map((n) => ({
        jobId: id,
        reason: `bad ${n}`,
        source: 'file:///in.jsonl',
        position: `/in.jsonl:${n}`,
        payload: '{"x":',
      })),
    });
    const first = await viewer.job.deadLetters({ teamId: team.teamId, id, limit: 2 });
    expect(first.total).toBe(3);
    expect(first.items.map((d) => d.reason)).toEqual(['bad 3', 'bad 2']);
    const second = await viewer.job.deadLetters({
      teamId: team.teamId,
      id,
      limit: 2,
      cursor: first.nextCursor ?? undefined,
    });
    expect(second.items.map((d) => [d.reason, d.position, d.payloadPreview])).toEqual([
      ['bad 1', '/in.jsonl:1', '{"x":'],
    ]);
    expect(second.nextCursor).toBeNull();
    expect(await viewer.job.runs({ teamId: team.teamId, id })).toEqual([]);
    expect(await viewer.job.checkpoints({ teamId: team.teamId, id })).toEqual([]);
  });

  it('delete removes the job and what hangs off it', async () => {
    const { id } = await editor.job.create({
      teamId: team.teamId,
      name: uniqueLabel('d'),
      sql: SQL,
    });
    expect(await editor.job.delete({ teamId: team.teamId, id })).toEqual({ id });
    expect(await prisma.job.count({ where: { id } })).toBe(0);
    expect(await prisma.jobVersion.count({ where: { jobId: id } })).toBe(0);
    const error = await errorOf(() => viewer.job.get({ teamId: team.teamId, id }));
    expect([error.code, error.message]).toEqual([
      'NOT_FOUND',
      'Job not found; reload the page, it may have been deleted',
    ]);
    expect(await prisma.auditLog.count({ where: { action: 'job.delete', objectId: id } })).toBe(1);
  });

  it('lists the team’s jobs by name', async () => {
    const list = await viewer.job.list({ teamId: team.teamId });
    const names = list.map((j) => j.name);
    expect(names).toEqual([...names].sort());
    expect(list.every((j) => !('sql' in j))).toBe(true);
  });
});
