import { beforeAll, describe, expect, it } from 'vitest';
import {
  type Caller,
  callerFor,
  createTeamWithRoles,
  prisma,
  TEST_IP,
  type TeamFixture,
  uniqueLabel,
} from '../../../test/harness.ts';

let team: TeamFixture;
let ownerApi: Caller;
let adminApi: Caller;
let connectionId: string;

beforeAll(async () => {
  team = await createTeamWithRoles('audit');
  ownerApi = await callerFor(team.owner);
  adminApi = await callerFor(team.admin, '198.51.100.20');
  const connection = await adminApi.connection.create({
    teamId: team.teamId,
    name: uniqueLabel('audited'),
    type: 'datagen',
    config: { generator: 'orders' },
  });
  connectionId = connection.id;
  await adminApi.connection.update({
    teamId: team.teamId,
    id: connectionId,
    config: { generator: 'trades' },
  });
  await adminApi.connection.delete({ teamId: team.teamId, id: connectionId });
  // Another team's activity never shows up here.
  const other = await createTeamWithRoles('audit-other');
  await (await callerFor(other.owner)).connection.create({
    teamId: other.teamId,
    name: uniqueLabel('elsewhere'),
    type: 'datagen',
    config: { generator: 'orders' },
  });
});

async function actions(input: Parameters<Caller['audit']['list']>[0]) {
  const page = await ownerApi.audit.list(input);
  return page.items.map((item) => item.action);
}

describe('audit.list', () => {
  it('names the objects of its rows, current name first, recorded name for deleted ones', async () => {
    const page = await ownerApi.audit.list({ teamId: team.teamId, limit: 100 });
    const team_ = page.items.find((item) => item.action === 'team.create');
    const created = await prisma.team.findUniqueOrThrow({ where: { id: team.teamId } });
    expect(team_?.objectName).toBe(created.name);
    const invitations = page.items.filter((item) => item.objectType === 'invitation');
    expect(invitations.map((item) => item.objectName).sort()).toEqual(
      [team.admin, team.admin, team.editor, team.editor, team.viewer, team.viewer]
        .map((user) => user.email)
        .sort(),
    );
  });

  it('filters by part of the actor email', async () => {
    const fragment = team.admin.email.split('@')[0]!.slice(0, 12).toUpperCase();
    expect(await actions({ teamId: team.teamId, actorEmail: fragment })).toEqual([
      'connection.delete',
      'connection.update',
      'connection.create',
      'invitation.accept',
    ]);
  });

  it('lists the team’s entries newest first, with actor, object and ip', async () => {
    const page = await ownerApi.audit.list({ teamId: team.teamId });
    expect(page.items.map((item) => item.action)).toEqual([
      'connection.delete',
      'connection.update',
      'connection.create',
      'invitation.accept',
      'invitation.create',
      'invitation.accept',
      'invitation.create',
      'invitation.accept',
      'invitation.create',
      'team.create',
    ]);
    expect(page.nextCursor).toBeNull();
    expect(page.items[0]).toEqual({
      id: expect.stringMatching(/^\d+$/),
      action: 'connection.delete',
      objectType: 'connection',
      objectId: connectionId,
      actor: { id: team.admin.id, email: team.admin.email, name: team.admin.name },
      objectName: expect.stringMatching(/^audited-/),
      ip: '198.51.100.20',
      details: { name: expect.any(String), type: 'datagen' },
      createdAt: expect.any(Date),
    });
    expect(page.items[1].details).toMatchObject({
      changed: ['config'],
      config: { generator: 'trades' },
    });
    expect(page.items[9]).toMatchObject({ objectType: 'team', ip: TEST_IP });
  });

  it('filters by action, object type and actor email (any case)', async () => {
    expect(await actions({ teamId: team.teamId, action: 'connection.update' })).toEqual([
      'connection.update',
    ]);
    expect(await actions({ teamId: team.teamId, objectType: 'invitation' })).toEqual([
      'invitation.accept',
      'invitation.create',
      'invitation.accept',
      'invitation.create',
      'invitation.accept',
      'invitation.create',
    ]);
    expect(
      await actions({ teamId: team.teamId, actorEmail: team.admin.email.toUpperCase() }),
    ).toEqual(['connection.delete', 'connection.update', 'connection.create', 'invitation.accept']);
    expect(await actions({ teamId: team.teamId, actorEmail: 'nobody@test.velo.dev' })).toEqual([]);
  });

  it('reads % and _ in the actor filter as characters, not wildcards', async () => {
    // No test account's email holds either character, so both must find nothing (as LIKE
    // wildcards, '%' matched every account and '_' every email with a character in it).
    expect(await actions({ teamId: team.teamId, actorEmail: '%' })).toEqual([]);
    expect(await actions({ teamId: team.teamId, actorEmail: '_' })).toEqual([]);
  });

  it('filters by time range', async () => {
    const all = await ownerApi.audit.list({ teamId: team.teamId });
    const created = all.items.find((item) => item.action === 'connection.create')!.createdAt;
    expect(
      await actions({ teamId: team.teamId, from: created, action: 'connection.create' }),
    ).toEqual(['connection.create']);
    expect(
      await actions({
        teamId: team.teamId,
        to: new Date(created.getTime() - 1),
        objectType: 'connection',
      }),
    ).toEqual([]);
    expect(await actions({ teamId: team.teamId, from: new Date(Date.now() + 60_000) })).toEqual([]);
  });

  it('pages with a cursor', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await ownerApi.audit.list({ teamId: team.teamId, limit: 3, cursor });
      seen.push(...page.items.map((item) => item.action));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(4);
    expect(seen).toEqual(await actions({ teamId: team.teamId, limit: 100 }));
  });

  it('counts entries for this team only', async () => {
    expect(await prisma.auditLog.count({ where: { teamId: team.teamId } })).toBe(10);
  });
});
