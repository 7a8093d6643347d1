/**
 * Every procedure × {anonymous, each role of the owning team, the OWNER of another team}, each
 * outcome asserted, and a guard that fails when a procedure is added without its row.
 */
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type Caller,
  callerFor,
  createTeamWithRoles,
  errorOf,
  type Outcome,
  outcomeOf,
  prisma,
  signUp,
  TEST_IP,
  type TeamFixture,
  type TestUser,
  uniqueLabel,
} from '../test/harness.ts';
import { getEgressPolicy } from './env.ts';
import { appRouter } from './root.ts';

const WHO = ['anonymous', 'OWNER', 'ADMIN', 'EDITOR', 'VIEWER', 'otherOwner'] as const;
type Who = (typeof WHO)[number];

interface World extends TeamFixture {
  otherOwner: TestUser;
  otherTeamId: string;
  /** A connection of the owning team that survives every row (read-only rows use it). */
  connectionId: string;
}

interface Row<P = unknown> {
  /** Runs as the owning team's OWNER before each call: fresh objects for the call to act on. */
  prepare?: (world: World) => Promise<P>;
  call: (api: Caller, world: World, prepared: P) => Promise<unknown>;
  /** Whether `prepared` was changed, so refused calls can be shown to have changed nothing. */
  changed?: (world: World, prepared: P) => Promise<boolean>;
  expected: Record<Who, Outcome>;
}

const SIGNED_IN_OK: Record<Who, Outcome> = {
  anonymous: 'UNAUTHORIZED',
  OWNER: 'ok',
  ADMIN: 'ok',
  EDITOR: 'ok',
  VIEWER: 'ok',
  otherOwner: 'ok',
};
const VIEWER_PLUS: Record<Who, Outcome> = { ...SIGNED_IN_OK, otherOwner: 'NOT_FOUND' };
const EDITOR_PLUS: Record<Who, Outcome> = { ...VIEWER_PLUS, VIEWER: 'FORBIDDEN' };
const ADMIN_PLUS: Record<Who, Outcome> = { ...EDITOR_PLUS, EDITOR: 'FORBIDDEN' };

let ownerApi: Caller;

/** A user row that never signs in: a target for membership changes (made a member directly). */
async function bystander(world: World, role: 'VIEWER' | 'EDITOR' = 'VIEWER') {
  const email = `${uniqueLabel('bystander')}@test.velo.dev`;
  const user = await prisma.user.create({
    data: { id: randomBytes(12).toString('hex'), name: email, email },
  });
  await prisma.membership.create({ data: { teamId: world.teamId, userId: user.id, role } });
  return { userId: user.id };
}

/** A fresh team owned by the world's OWNER, with a running job: a target for team.delete. */
async function disposableTeam(world: World) {
  const team = await ownerApi.team.create({ name: uniqueLabel('doomed') });
  for (const [user, role] of [
    [world.admin, 'ADMIN'],
    [world.editor, 'EDITOR'],
    [world.viewer, 'VIEWER'],
  ] as const) {
    await prisma.membership.create({ data: { teamId: team.id, userId: user.id, role } });
  }
  return { teamId: team.id, name: team.name };
}

/** An invitation of the world's team addressed to `invitee` (a verified user). */
async function invitationFor(world: World, invitee: TestUser) {
  const email = invitee.email;
  await prisma.invitation.deleteMany({ where: { teamId: world.otherTeamId, email } });
  const otherApi = await callerFor(world.otherOwner);
  const invited = await otherApi.team.invite({ teamId: world.otherTeamId, email, role: 'VIEWER' });
  return { invitationId: invited.invitationId };
}

async function freshConnection(world: World) {
  const connection = await ownerApi.connection.create({
    teamId: world.teamId,
    name: uniqueLabel('conn'),
    type: 'datagen',
    config: { generator: 'orders', rate: 10 },
  });
  return { id: connection.id, name: connection.name };
}

async function roleOf(world: World, userId: string) {
  const membership = await prisma.membership.findUnique({
    where: { teamId_userId: { teamId: world.teamId, userId } },
  });
  return membership?.role ?? null;
}

// Inside the file root: job.create refuses files outside VELO_FILE_ROOT.
const JOB_SQL = `SELECT order_id, amount FROM 'datagen://orders?seed=1' INTO 'file://${getEgressPolicy().fileRoot}/authz-job.jsonl'`;

async function freshJob(world: World) {
  const name = uniqueLabel('job');
  const job = await ownerApi.job.create({ teamId: world.teamId, name, sql: JOB_SQL });
  return { id: job.id, name };
}

async function jobRow(p: { id: string }) {
  return prisma.job.findUnique({ where: { id: p.id } });
}

/** A dashboard of the owning team with one panel on a fresh job: a target for dashboard.*. */
async function freshDashboard(world: World) {
  const job = await freshJob(world);
  const created = await ownerApi.dashboard.create({
    teamId: world.teamId,
    name: uniqueLabel('dash'),
  });
  const withPanel = await ownerApi.dashboard.addPanel({
    teamId: world.teamId,
    dashboardId: created.id,
    panel: {
      title: 'In',
      metric: 'records_in',
      jobIds: [job.id],
      chartType: 'line',
      unit: 'records/s',
      thresholds: [],
    },
  });
  return { id: created.id, jobId: job.id, panelId: withPanel.panels[0].id };
}

async function dashboardRow(p: { id: string }) {
  return prisma.dashboard.findUnique({ where: { id: p.id }, include: { panels: true } });
}

const PANEL = (jobId: string, title = 'Out') => ({
  title,
  metric: 'records_out',
  jobIds: [jobId],
  chartType: 'area' as const,
  unit: 'records/s' as const,
  thresholds: [{ value: '100', color: 'danger' as const }],
});

// biome-ignore lint/suspicious/noExplicitAny: rows differ in what `prepare` returns.
const MATRIX: Record<string, Row<any>> = {
  'me.get': { call: (api) => api.me.get(), expected: SIGNED_IN_OK },
  'me.setActiveTeam': {
    call: (api, world) => api.me.setActiveTeam({ teamId: world.teamId }),
    expected: VIEWER_PLUS,
  },
  'account.activity': { call: (api) => api.account.activity(), expected: SIGNED_IN_OK },
  'invitation.mine': { call: (api) => api.invitation.mine(), expected: SIGNED_IN_OK },
  // A token nobody was sent: not found for every signed-in user (the link's own rules are in
  // services/teams/invitations.integration.test.ts).
  'invitation.get': {
    call: (api) => api.invitation.get({ token: 'x'.repeat(43) }),
    expected: {
      anonymous: 'UNAUTHORIZED',
      OWNER: 'NOT_FOUND',
      ADMIN: 'NOT_FOUND',
      EDITOR: 'NOT_FOUND',
      VIEWER: 'NOT_FOUND',
      otherOwner: 'NOT_FOUND',
    },
  },
  // An invitation is its invitee's own: here the world's VIEWER is invited to the other team,
  // so only they may act on it; by id, anyone else is told it does not exist.
  'invitation.accept': {
    prepare: (world) => invitationFor(world, world.viewer),
    call: (api, _world, p: { invitationId: string }) =>
      api.invitation.accept({ invitationId: p.invitationId }),
    changed: async (world, p: { invitationId: string }) =>
      (await prisma.invitation.findUnique({ where: { id: p.invitationId } }))?.acceptedAt !==
        null &&
      (
        await prisma.membership.deleteMany({
          where: { teamId: world.otherTeamId, userId: world.viewer.id },
        })
      ).count === 1,
    expected: {
      anonymous: 'UNAUTHORIZED',
      OWNER: 'NOT_FOUND',
      ADMIN: 'NOT_FOUND',
      EDITOR: 'NOT_FOUND',
      VIEWER: 'ok',
      otherOwner: 'NOT_FOUND',
    },
  },
  'invitation.decline': {
    prepare: (world) => invitationFor(world, world.viewer),
    call: (api, _world, p: { invitationId: string }) =>
      api.invitation.decline({ invitationId: p.invitationId }),
    changed: async (_world, p: { invitationId: string }) =>
      (await prisma.invitation.findUnique({ where: { id: p.invitationId } }))?.declinedAt !== null,
    expected: {
      anonymous: 'UNAUTHORIZED',
      OWNER: 'NOT_FOUND',
      ADMIN: 'NOT_FOUND',
      EDITOR: 'NOT_FOUND',
      VIEWER: 'ok',
      otherOwner: 'NOT_FOUND',
    },
  },
  'team.delete': {
    prepare: disposableTeam,
    call: (api, _world, p: { teamId: string; name: string }) =>
      api.team.delete({ teamId: p.teamId, confirmName: p.name }),
    changed: async (_world, p: { teamId: string }) =>
      (await prisma.team.count({ where: { id: p.teamId } })) === 0,
    expected: { ...ADMIN_PLUS, ADMIN: 'FORBIDDEN' },
  },
  'team.create': {
    call: (api) => api.team.create({ name: uniqueLabel('team') }),
    expected: SIGNED_IN_OK,
  },
  'team.members': {
    call: (api, world) => api.team.members({ teamId: world.teamId }),
    expected: VIEWER_PLUS,
  },
  'team.invite': {
    prepare: async () => ({ email: `${uniqueLabel('invitee')}@test.velo.dev` }),
    call: (api, world, p: { email: string }) =>
      api.team.invite({ teamId: world.teamId, email: p.email, role: 'VIEWER' }),
    changed: async (world, p: { email: string }) =>
      (await prisma.invitation.count({ where: { teamId: world.teamId, email: p.email } })) > 0,
    expected: ADMIN_PLUS,
  },
  'team.changeRole': {
    prepare: (world) => bystander(world),
    call: (api, world, p: { userId: string }) =>
      api.team.changeRole({ teamId: world.teamId, userId: p.userId, role: 'EDITOR' }),
    changed: async (world, p: { userId: string }) => (await roleOf(world, p.userId)) !== 'VIEWER',
    expected: ADMIN_PLUS,
  },
  'team.removeMember': {
    prepare: (world) => bystander(world),
    call: (api, world, p: { userId: string }) =>
      api.team.removeMember({ teamId: world.teamId, userId: p.userId }),
    changed: async (world, p: { userId: string }) => (await roleOf(world, p.userId)) === null,
    expected: ADMIN_PLUS,
  },
  'team.revokeInvitation': {
    prepare: async (world) => {
      const invited = await ownerApi.team.invite({
        teamId: world.teamId,
        email: `${uniqueLabel('pending')}@test.velo.dev`,
        role: 'VIEWER',
      });
      return { invitationId: invited.invitationId };
    },
    call: (api, world, p: { invitationId: string }) =>
      api.team.revokeInvitation({ teamId: world.teamId, invitationId: p.invitationId }),
    changed: async (_world, p: { invitationId: string }) =>
      (await prisma.invitation.count({ where: { id: p.invitationId } })) === 0,
    expected: ADMIN_PLUS,
  },
  'connection.list': {
    call: (api, world) => api.connection.list({ teamId: world.teamId }),
    expected: VIEWER_PLUS,
  },
  'connection.get': {
    call: (api, world) => api.connection.get({ teamId: world.teamId, id: world.connectionId }),
    expected: VIEWER_PLUS,
  },
  'connection.create': {
    prepare: async () => ({ name: uniqueLabel('created') }),
    call: (api, world, p: { name: string }) =>
      api.connection.create({
        teamId: world.teamId,
        name: p.name,
        type: 'file',
        config: { path: `${getEgressPolicy().fileRoot}/orders.jsonl`, format: 'jsonl' },
      }),
    changed: async (world, p: { name: string }) =>
      (await prisma.connection.count({ where: { teamId: world.teamId, name: p.name } })) > 0,
    expected: ADMIN_PLUS,
  },
  'connection.update': {
    prepare: freshConnection,
    call: (api, world, p: { id: string }) =>
      api.connection.update({ teamId: world.teamId, id: p.id, name: uniqueLabel('renamed') }),
    changed: async (_world, p: { id: string; name: string }) =>
      (await prisma.connection.findUnique({ where: { id: p.id } }))?.name !== p.name,
    expected: ADMIN_PLUS,
  },
  'connection.delete': {
    prepare: freshConnection,
    call: (api, world, p: { id: string }) =>
      api.connection.delete({ teamId: world.teamId, id: p.id }),
    changed: async (_world, p: { id: string }) =>
      (await prisma.connection.count({ where: { id: p.id } })) === 0,
    expected: ADMIN_PLUS,
  },
  'connection.test': {
    prepare: freshConnection,
    call: (api, world, p: { id: string }) =>
      api.connection.test({ teamId: world.teamId, id: p.id }),
    expected: EDITOR_PLUS,
  },
  'connection.testDraft': {
    call: (api, world) =>
      api.connection.testDraft({
        teamId: world.teamId,
        type: 'datagen',
        config: { generator: 'orders' },
      }),
    expected: ADMIN_PLUS,
  },
  'metrics.series': {
    prepare: async (world) => {
      const job = await prisma.job.create({
        data: {
          teamId: world.teamId,
          name: uniqueLabel('metrics'),
          sql: 'SELECT 1',
          createdById: 'test',
        },
      });
      return { jobId: job.id };
    },
    call: (api, world, p: { jobId: string }) =>
      api.metrics.series({
        teamId: world.teamId,
        jobId: p.jobId,
        names: ['records_in'],
        from: 0,
        to: 60_000,
      }),
    expected: VIEWER_PLUS,
  },
  'lineage.graph': {
    call: (api, world) => api.lineage.graph({ teamId: world.teamId }),
    expected: VIEWER_PLUS,
  },
  'metrics.overview': {
    call: (api, world) => api.metrics.overview({ teamId: world.teamId }),
    expected: VIEWER_PLUS,
  },
  'job.create': {
    prepare: async () => ({ name: uniqueLabel('job') }),
    call: (api, world, p: { name: string }) =>
      api.job.create({ teamId: world.teamId, name: p.name, sql: JOB_SQL }),
    changed: async (world, p: { name: string }) =>
      (await prisma.job.count({ where: { teamId: world.teamId, name: p.name } })) > 0,
    expected: EDITOR_PLUS,
  },
  'job.update': {
    prepare: freshJob,
    call: (api, world, p: { id: string }) =>
      api.job.update({ teamId: world.teamId, id: p.id, restartPolicy: 'never' }),
    changed: async (_world, p: { id: string }) => (await jobRow(p))?.version !== 1,
    expected: EDITOR_PLUS,
  },
  'job.versions': {
    prepare: freshJob,
    call: (api, world, p: { id: string }) => api.job.versions({ teamId: world.teamId, id: p.id }),
    expected: VIEWER_PLUS,
  },
  'job.list': {
    call: (api, world) => api.job.list({ teamId: world.teamId }),
    expected: VIEWER_PLUS,
  },
  'job.get': {
    prepare: freshJob,
    call: (api, world, p: { id: string }) => api.job.get({ teamId: world.teamId, id: p.id }),
    expected: VIEWER_PLUS,
  },
  'job.start': {
    prepare: freshJob,
    call: (api, world, p: { id: string }) => api.job.start({ teamId: world.teamId, id: p.id }),
    changed: async (_world, p: { id: string }) => (await jobRow(p))?.desiredState === 'RUNNING',
    expected: EDITOR_PLUS,
  },
  'job.stop': {
    prepare: freshJob,
    call: (api, world, p: { id: string }) => api.job.stop({ teamId: world.teamId, id: p.id }),
    changed: async (_world, p: { id: string }) => (await jobRow(p))?.desiredState === 'STOPPED',
    expected: EDITOR_PLUS,
  },
  'job.restart': {
    prepare: freshJob,
    call: (api, world, p: { id: string }) =>
      api.job.restart({ teamId: world.teamId, id: p.id, fromCheckpoint: true }),
    changed: async (_world, p: { id: string }) => (await jobRow(p))?.desiredState === 'RUNNING',
    expected: EDITOR_PLUS,
  },
  'job.delete': {
    prepare: freshJob,
    call: (api, world, p: { id: string }) => api.job.delete({ teamId: world.teamId, id: p.id }),
    changed: async (_world, p: { id: string }) => (await jobRow(p)) === null,
    expected: EDITOR_PLUS,
  },
  'job.runs': {
    prepare: freshJob,
    call: (api, world, p: { id: string }) => api.job.runs({ teamId: world.teamId, id: p.id }),
    expected: VIEWER_PLUS,
  },
  'job.checkpoints': {
    prepare: freshJob,
    call: (api, world, p: { id: string }) =>
      api.job.checkpoints({ teamId: world.teamId, id: p.id }),
    expected: VIEWER_PLUS,
  },
  'job.deadLetters': {
    prepare: freshJob,
    call: (api, world, p: { id: string }) =>
      api.job.deadLetters({ teamId: world.teamId, id: p.id }),
    expected: VIEWER_PLUS,
  },
  'job.logs': {
    prepare: freshJob,
    call: (api, world, p: { id: string }) => api.job.logs({ teamId: world.teamId, id: p.id }),
    expected: VIEWER_PLUS,
  },
  'job.outputSample': {
    prepare: freshJob,
    call: (api, world, p: { id: string }) =>
      api.job.outputSample({ teamId: world.teamId, id: p.id }),
    expected: VIEWER_PLUS,
  },
  'preview.sample': {
    call: (api, world) =>
      api.preview.sample({ teamId: world.teamId, uri: 'datagen://trades?limit=3', limit: 2 }),
    expected: EDITOR_PLUS,
  },
  'catalog.objects': {
    call: (api, world) =>
      api.catalog.objects({ teamId: world.teamId, connectionId: world.connectionId }),
    expected: VIEWER_PLUS,
  },
  'catalog.columns': {
    call: (api, world) => api.catalog.columns({ teamId: world.teamId, uri: 'datagen://trades' }),
    expected: VIEWER_PLUS,
  },
  'audit.list': {
    call: (api, world) => api.audit.list({ teamId: world.teamId }),
    expected: ADMIN_PLUS,
  },
  'dashboard.list': {
    call: (api, world) => api.dashboard.list({ teamId: world.teamId }),
    expected: VIEWER_PLUS,
  },
  'dashboard.get': {
    prepare: freshDashboard,
    call: (api, world, p: { id: string }) => api.dashboard.get({ teamId: world.teamId, id: p.id }),
    expected: VIEWER_PLUS,
  },
  'dashboard.create': {
    prepare: async () => ({ name: uniqueLabel('dash') }),
    call: (api, world, p: { name: string }) =>
      api.dashboard.create({ teamId: world.teamId, name: p.name }),
    changed: async (world, p: { name: string }) =>
      (await prisma.dashboard.count({ where: { teamId: world.teamId, name: p.name } })) > 0,
    expected: EDITOR_PLUS,
  },
  'dashboard.rename': {
    prepare: freshDashboard,
    call: (api, world, p: { id: string }) =>
      api.dashboard.rename({ teamId: world.teamId, id: p.id, name: `renamed ${p.id}` }),
    changed: async (_world, p: { id: string }) =>
      (await dashboardRow(p))?.name === `renamed ${p.id}`,
    expected: EDITOR_PLUS,
  },
  'dashboard.delete': {
    prepare: freshDashboard,
    call: (api, world, p: { id: string }) =>
      api.dashboard.delete({ teamId: world.teamId, id: p.id }),
    changed: async (_world, p: { id: string }) => (await dashboardRow(p)) === null,
    expected: EDITOR_PLUS,
  },
  'dashboard.addPanel': {
    prepare: freshDashboard,
    call: (api, world, p: { id: string; jobId: string }) =>
      api.dashboard.addPanel({ teamId: world.teamId, dashboardId: p.id, panel: PANEL(p.jobId) }),
    changed: async (_world, p: { id: string }) => (await dashboardRow(p))?.panels.length === 2,
    expected: EDITOR_PLUS,
  },
  'dashboard.updatePanel': {
    prepare: freshDashboard,
    call: (api, world, p: { panelId: string; jobId: string }) =>
      api.dashboard.updatePanel({
        teamId: world.teamId,
        id: p.panelId,
        panel: PANEL(p.jobId, 'Updated'),
      }),
    changed: async (_world, p: { id: string }) =>
      (await dashboardRow(p))?.panels[0]?.title === 'Updated',
    expected: EDITOR_PLUS,
  },
  'dashboard.removePanel': {
    prepare: freshDashboard,
    call: (api, world, p: { panelId: string }) =>
      api.dashboard.removePanel({ teamId: world.teamId, id: p.panelId }),
    changed: async (_world, p: { id: string }) => (await dashboardRow(p))?.panels.length === 0,
    expected: EDITOR_PLUS,
  },
  'dashboard.arrangePanels': {
    prepare: async (world) => {
      const d = await freshDashboard(world);
      const added = await ownerApi.dashboard.addPanel({
        teamId: world.teamId,
        dashboardId: d.id,
        panel: PANEL(d.jobId),
      });
      return { ...d, order: added.panels.map((x) => x.id).reverse() };
    },
    call: (api, world, p: { id: string; order: string[] }) =>
      api.dashboard.arrangePanels({ teamId: world.teamId, dashboardId: p.id, panelIds: p.order }),
    changed: async (_world, p: { id: string; order: string[] }) =>
      (await dashboardRow(p))?.panels.find((x) => x.position === 0)?.id === p.order[0],
    expected: EDITOR_PLUS,
  },
};

let world: World;
const callers = {} as Record<Who, Caller>;

beforeAll(async () => {
  const team = await createTeamWithRoles('authz');
  const otherOwner = await signUp('authz-other-owner');
  const otherApi = await callerFor(otherOwner);
  const otherTeam = await otherApi.team.create({ name: uniqueLabel('other') });
  ownerApi = await callerFor(team.owner);
  const connection = await ownerApi.connection.create({
    teamId: team.teamId,
    name: uniqueLabel('shared'),
    type: 'datagen',
    config: { generator: 'trades' },
  });
  world = { ...team, otherOwner, otherTeamId: otherTeam.id, connectionId: connection.id };
  callers.anonymous = await callerFor(null);
  callers.OWNER = ownerApi;
  callers.ADMIN = await callerFor(team.admin);
  callers.EDITOR = await callerFor(team.editor);
  callers.VIEWER = await callerFor(team.viewer);
  callers.otherOwner = otherApi;
  Object.assign(callerIds, {
    anonymous: null,
    OWNER: team.owner.id,
    ADMIN: team.admin.id,
    EDITOR: team.editor.id,
    VIEWER: team.viewer.id,
    otherOwner: otherOwner.id,
  });
});

const callerIds = {} as Record<Who, string | null>;

async function lastAuditId(): Promise<bigint> {
  const last = await prisma.auditLog.findFirst({ orderBy: { id: 'desc' }, select: { id: true } });
  return last?.id ?? 0n;
}

function auditCount() {
  return prisma.auditLog.count({ where: { teamId: world.teamId } });
}

describe('authorization matrix', () => {
  it('has a row for every procedure of the router', () => {
    expect(Object.keys(MATRIX).sort()).toEqual(Object.keys(appRouter._def.procedures).sort());
  });

  const cases = Object.entries(MATRIX).flatMap(([path, row]) =>
    WHO.map((who) => ({ path, who, row, expected: row.expected[who] })),
  );

  it.each(cases)('$path as $who: $expected', async ({ who, row, expected }) => {
    const prepared = row.prepare ? await row.prepare(world) : undefined;
    const auditBefore = await auditCount();
    const lastIdBefore = await lastAuditId();
    const outcome = await outcomeOf(() => row.call(callers[who], world, prepared));
    expect(outcome).toBe(expected);
    if (row.changed) expect(await row.changed(world, prepared)).toBe(expected === 'ok');
    // A refused call changes nothing; a member below the role needed leaves one `call.refuse`
    // entry in the team's log (with the caller and IP), anyone else none.
    if (expected !== 'ok') {
      const written = await prisma.auditLog.findMany({ where: { id: { gt: lastIdBefore } } });
      for (const entry of written) {
        expect([entry.action, entry.actorId, entry.ip]).toEqual([
          'call.refuse',
          callerIds[who],
          TEST_IP,
        ]);
      }
      if (expected === 'FORBIDDEN')
        expect(written.filter((e) => e.teamId !== null)).toHaveLength(1);
      else expect(written.filter((e) => e.teamId !== null)).toHaveLength(0);
      expect(await auditCount()).toBe(
        auditBefore + (expected === 'FORBIDDEN' && written[0]?.teamId === world.teamId ? 1 : 0),
      );
    }
  });
});

describe('refusals say why in plain words', () => {
  it('anonymous callers are asked to sign in', async () => {
    const error = await errorOf(() => callers.anonymous.me.get());
    expect(error.code).toBe('UNAUTHORIZED');
    expect(error.message).toBe('Sign in to continue');
  });

  it('a team the caller is not in does not exist for them', async () => {
    const error = await errorOf(() => callers.otherOwner.team.members({ teamId: world.teamId }));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toBe('Team not found');
  });

  it('a role below the minimum is told which role it needs', async () => {
    const error = await errorOf(() =>
      callers.VIEWER.connection.test({ teamId: world.teamId, id: world.connectionId }),
    );
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toBe('This needs the EDITOR role or higher; you are VIEWER');
  });

  it('a signed-out session is anonymous again', async () => {
    const user = await signUp('signed-out');
    await prisma.session.deleteMany({ where: { userId: user.id } });
    const error = await errorOf(async () => (await callerFor(user)).me.get());
    expect(error.code).toBe('UNAUTHORIZED');
  });
});

describe("another team's objects, reached through the caller's own team, are not found", () => {
  const cases: {
    name: string;
    call: (api: Caller) => Promise<unknown>;
    message: string;
  }[] = [
    {
      name: 'connection.get',
      call: (api) => api.connection.get({ teamId: world.otherTeamId, id: world.connectionId }),
      message: 'Connection not found; reload the page, it may have been deleted',
    },
    {
      name: 'connection.update',
      call: (api) =>
        api.connection.update({ teamId: world.otherTeamId, id: world.connectionId, name: 'x' }),
      message: 'Connection not found; reload the page, it may have been deleted',
    },
    {
      name: 'connection.delete',
      call: (api) => api.connection.delete({ teamId: world.otherTeamId, id: world.connectionId }),
      message: 'Connection not found; reload the page, it may have been deleted',
    },
    {
      name: 'connection.test',
      call: (api) => api.connection.test({ teamId: world.otherTeamId, id: world.connectionId }),
      message: 'Connection not found; reload the page, it may have been deleted',
    },
    {
      name: 'team.changeRole',
      call: (api) =>
        api.team.changeRole({ teamId: world.otherTeamId, userId: world.viewer.id, role: 'OWNER' }),
      message: 'Member not found',
    },
    {
      name: 'team.removeMember',
      call: (api) => api.team.removeMember({ teamId: world.otherTeamId, userId: world.viewer.id }),
      message: 'Member not found',
    },
  ];

  it.each(cases)('$name', async ({ call, message }) => {
    const before = await prisma.connection.findUniqueOrThrow({ where: { id: world.connectionId } });
    const error = await errorOf(() => call(callers.otherOwner));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toBe(message);
    expect(await prisma.connection.findUnique({ where: { id: world.connectionId } })).toEqual(
      before,
    );
    expect(await roleOf(world, world.viewer.id)).toBe('VIEWER');
  });

  it('team.revokeInvitation', async () => {
    const invited = await ownerApi.team.invite({
      teamId: world.teamId,
      email: `${uniqueLabel('kept')}@test.velo.dev`,
      role: 'EDITOR',
    });
    if (invited.kind !== 'invitation') throw new Error('expected a pending invitation');
    const error = await errorOf(() =>
      callers.otherOwner.team.revokeInvitation({
        teamId: world.otherTeamId,
        invitationId: invited.invitationId,
      }),
    );
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toBe('Invitation not found');
    expect(await prisma.invitation.count({ where: { id: invited.invitationId } })).toBe(1);
  });
});
