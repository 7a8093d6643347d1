/**
 * Bad input gets a clear message (asserted exactly, with the field it belongs to) and changes
 * nothing: row counts and the audit log stay as they were.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  auth,
  type Caller,
  callerFor,
  createTeamWithRoles,
  errorOf,
  httpCall,
  PASSWORD,
  prisma,
  type TeamFixture,
  uniqueLabel,
} from '../test/harness.ts';
import { fieldErrorsOf } from './trpc.ts';

let team: TeamFixture;
let api: Caller;
let existing: { id: string; name: string };

const PG_CONFIG = { host: 'db.internal', port: 5432, database: 'orders', user: 'velo', ssl: false };

beforeAll(async () => {
  team = await createTeamWithRoles('bad-input');
  api = await callerFor(team.owner);
  existing = await api.connection.create({
    teamId: team.teamId,
    name: uniqueLabel('existing'),
    type: 'postgresql',
    config: PG_CONFIG,
    secret: { password: 'pw' },
  });
});

/**
 * Everything a bad request by this test's users could have touched. Scoped to this team and
 * these users: other test files share the database and may run at the same time.
 */
async function snapshot() {
  const actors = [team.owner.id, team.admin.id, team.editor.id, team.viewer.id];
  const [ownedTeams, memberships, invitations, connections, audit, auditByActors, stored] =
    await Promise.all([
      prisma.membership.count({ where: { userId: team.owner.id } }),
      prisma.membership.findMany({
        where: { teamId: team.teamId },
        select: { userId: true, role: true },
        orderBy: { userId: 'asc' },
      }),
      prisma.invitation.count({ where: { teamId: team.teamId } }),
      prisma.connection.count({ where: { teamId: team.teamId } }),
      // A refused call is itself audited (`call.refuse`, issue #11); nothing else may be written.
      prisma.auditLog.count({ where: { teamId: team.teamId, action: { not: 'call.refuse' } } }),
      prisma.auditLog.count({ where: { actorId: { in: actors }, action: { not: 'call.refuse' } } }),
      prisma.connection.findUnique({ where: { id: existing.id } }),
    ]);
  return { ownedTeams, memberships, invitations, connections, audit, auditByActors, stored };
}

interface Case {
  name: string;
  call: () => Promise<unknown>;
  code: string;
  message: string;
  /** The per-field messages the console shows (`data.fieldErrors`), when the error has them. */
  fieldErrors?: Record<string, string[]>;
}

function create(overrides: Record<string, unknown>) {
  return () =>
    api.connection.create({
      teamId: team.teamId,
      name: uniqueLabel('new'),
      type: 'postgresql',
      config: PG_CONFIG,
      ...overrides,
    } as never);
}

function createPg(config: Record<string, unknown>) {
  return create({ config: { ...PG_CONFIG, ...config } });
}

function createKafka(config: Record<string, unknown>, secret?: unknown) {
  return create({
    type: 'kafka',
    config: { brokers: ['kafka:9092'], ssl: false, sasl: null, ...config },
    ...(secret === undefined ? {} : { secret }),
  });
}

const PORT_MESSAGE = 'Port must be a whole number between 1 and 65535';
const ROLE_MESSAGE = 'Role must be one of OWNER, ADMIN, EDITOR, VIEWER';

const cases: Case[] = [
  {
    name: 'empty connection name',
    call: create({ name: '' }),
    code: 'BAD_REQUEST',
    message: 'Name is required',
    fieldErrors: { name: ['Name is required'] },
  },
  {
    name: 'blank connection name',
    call: create({ name: '   ' }),
    code: 'BAD_REQUEST',
    message: 'Name is required',
    fieldErrors: { name: ['Name is required'] },
  },
  {
    name: 'oversized connection name',
    call: create({ name: 'n'.repeat(65) }),
    code: 'BAD_REQUEST',
    message: 'Name must be at most 64 characters',
    fieldErrors: { name: ['Name must be at most 64 characters'] },
  },
  {
    name: 'connection name with spaces',
    call: create({ name: 'orders db' }),
    code: 'BAD_REQUEST',
    message: 'Name may only contain letters, digits, "_" and "-"',
    fieldErrors: { name: ['Name may only contain letters, digits, "_" and "-"'] },
  },
  {
    name: 'duplicate connection name',
    call: () => create({ name: existing.name })(),
    code: 'CONFLICT',
    message: '', // filled in below: it names the connection
  },
  {
    name: 'unknown connection type',
    call: create({ type: 'mysql' }),
    code: 'BAD_REQUEST',
    message: 'Type must be one of postgresql, kafka, file, datagen',
    fieldErrors: { type: ['Type must be one of postgresql, kafka, file, datagen'] },
  },
  {
    name: 'missing config',
    call: create({ config: undefined }),
    code: 'BAD_REQUEST',
    message: 'PostgreSQL settings are required',
    fieldErrors: { config: ['PostgreSQL settings are required'] },
  },
  {
    name: 'empty host',
    call: createPg({ host: '' }),
    code: 'BAD_REQUEST',
    message: 'Host is required',
    fieldErrors: { 'config.host': ['Host is required'] },
  },
  {
    name: 'host with a space',
    call: createPg({ host: 'db host' }),
    code: 'BAD_REQUEST',
    message: 'Host must be a host name or IP address',
    fieldErrors: { 'config.host': ['Host must be a host name or IP address'] },
  },
  {
    name: 'host given as a URL',
    call: createPg({ host: 'postgres://db:5432' }),
    code: 'BAD_REQUEST',
    message: 'Host must be a host name or IP address',
    fieldErrors: { 'config.host': ['Host must be a host name or IP address'] },
  },
  {
    name: 'oversized host',
    call: createPg({ host: `${'h'.repeat(60)}.`.repeat(5) }),
    code: 'BAD_REQUEST',
    message: 'Host must be at most 253 characters',
    fieldErrors: {
      'config.host': ['Host must be at most 253 characters'],
    },
  },
  {
    name: 'port 0',
    call: createPg({ port: 0 }),
    code: 'BAD_REQUEST',
    message: PORT_MESSAGE,
    fieldErrors: { 'config.port': [PORT_MESSAGE] },
  },
  {
    name: 'port 65536',
    call: createPg({ port: 65536 }),
    code: 'BAD_REQUEST',
    message: PORT_MESSAGE,
    fieldErrors: { 'config.port': [PORT_MESSAGE] },
  },
  {
    name: 'fractional port',
    call: createPg({ port: 5432.5 }),
    code: 'BAD_REQUEST',
    message: PORT_MESSAGE,
    fieldErrors: { 'config.port': [PORT_MESSAGE] },
  },
  {
    name: 'port as text',
    call: createPg({ port: '5432' }),
    code: 'BAD_REQUEST',
    message: PORT_MESSAGE,
    fieldErrors: { 'config.port': [PORT_MESSAGE] },
  },
  {
    name: 'empty database and user',
    call: createPg({ database: '', user: ' ' }),
    code: 'BAD_REQUEST',
    message: 'Database is required',
    fieldErrors: {
      'config.database': ['Database is required'],
      'config.user': ['User is required'],
    },
  },
  {
    name: 'oversized database name',
    call: createPg({ database: 'd'.repeat(64) }),
    code: 'BAD_REQUEST',
    message: 'Database must be at most 63 characters',
    fieldErrors: { 'config.database': ['Database must be at most 63 characters'] },
  },
  {
    name: 'empty postgres password',
    call: create({ secret: { password: '' } }),
    code: 'BAD_REQUEST',
    message: 'Password is required',
    fieldErrors: { 'secret.password': ['Password is required'] },
  },
  {
    name: 'no kafka brokers',
    call: createKafka({ brokers: [] }),
    code: 'BAD_REQUEST',
    message: 'At least one broker (host:port) is required',
    fieldErrors: { 'config.brokers': ['At least one broker (host:port) is required'] },
  },
  {
    name: 'broker without a port',
    call: createKafka({ brokers: ['kafka:9092', 'localhost'] }),
    code: 'BAD_REQUEST',
    message: '"localhost" must be host:port',
    fieldErrors: { 'config.brokers.1': ['"localhost" must be host:port'] },
  },
  {
    name: 'broker with a malformed host',
    call: createKafka({ brokers: ['kafka one:9092'] }),
    code: 'BAD_REQUEST',
    message: '"kafka one" is not a valid host name',
    fieldErrors: { 'config.brokers.0': ['"kafka one" is not a valid host name'] },
  },
  {
    name: 'broker with a port out of range',
    call: createKafka({ brokers: ['kafka:99999'] }),
    code: 'BAD_REQUEST',
    message: '"99999" is not a port between 1 and 65535',
    fieldErrors: { 'config.brokers.0': ['"99999" is not a port between 1 and 65535'] },
  },
  {
    name: 'SASL without its password',
    call: createKafka({ sasl: { mechanism: 'plain', username: 'velo' } }),
    code: 'BAD_REQUEST',
    message: 'SASL password is required',
    fieldErrors: { 'secret.saslPassword': ['SASL password is required'] },
  },
  {
    name: 'unknown SASL mechanism',
    call: createKafka({ sasl: { mechanism: 'gssapi', username: 'velo' } }, { saslPassword: 'x' }),
    code: 'BAD_REQUEST',
    message: 'SASL mechanism must be plain, scram-sha-256 or scram-sha-512',
    fieldErrors: {
      'config.sasl.mechanism': ['SASL mechanism must be plain, scram-sha-256 or scram-sha-512'],
    },
  },
  {
    name: 'relative file path',
    call: create({ type: 'file', config: { path: 'data/orders.jsonl', format: 'jsonl' } }),
    code: 'BAD_REQUEST',
    message: 'Path must be absolute (start with "/")',
    fieldErrors: { 'config.path': ['Path must be absolute (start with "/")'] },
  },
  {
    name: 'a secret for a file connection',
    call: create({
      type: 'file',
      config: { path: '/data/orders.csv', format: 'csv' },
      secret: { password: 'x' },
    }),
    code: 'BAD_REQUEST',
    message: 'file connections take no secret',
    fieldErrors: { secret: ['file connections take no secret'] },
  },
  {
    name: 'negative datagen rate',
    call: create({ type: 'datagen', config: { generator: 'orders', rate: -5 } }),
    code: 'BAD_REQUEST',
    message: 'Rate must be a positive number of records per second',
    fieldErrors: { 'config.rate': ['Rate must be a positive number of records per second'] },
  },
  {
    name: 'update with a malformed port',
    call: () =>
      api.connection.update({
        teamId: team.teamId,
        id: existing.id,
        config: { ...PG_CONFIG, port: -1 },
      }),
    code: 'BAD_REQUEST',
    message: PORT_MESSAGE,
    fieldErrors: { 'config.port': [PORT_MESSAGE] },
  },
  {
    name: 'update with an oversized name',
    call: () =>
      api.connection.update({ teamId: team.teamId, id: existing.id, name: 'x'.repeat(65) }),
    code: 'BAD_REQUEST',
    message: 'Name must be at most 64 characters',
    fieldErrors: { name: ['Name must be at most 64 characters'] },
  },
  {
    name: 'update with a secret of the wrong shape',
    call: () =>
      api.connection.update({ teamId: team.teamId, id: existing.id, secret: { password: 5 } }),
    code: 'BAD_REQUEST',
    message: 'Password is required',
    fieldErrors: { 'secret.password': ['Password is required'] },
  },
  {
    name: 'update of an unknown connection',
    call: () => api.connection.update({ teamId: team.teamId, id: 'no-such-id', name: 'x' }),
    code: 'NOT_FOUND',
    message: 'Connection not found; reload the page, it may have been deleted',
  },
  {
    name: 'unknown team',
    call: () =>
      api.connection.create({
        teamId: 'no-such-team',
        name: 'orders',
        type: 'postgresql',
        config: PG_CONFIG,
      }),
    code: 'NOT_FOUND',
    message: 'Team not found',
  },
  {
    name: 'empty team id',
    call: () => api.connection.list({ teamId: '' }),
    code: 'BAD_REQUEST',
    message: 'Team is required',
    fieldErrors: { teamId: ['Team is required'] },
  },
  {
    name: 'empty team name',
    call: () => api.team.create({ name: '  ' }),
    code: 'BAD_REQUEST',
    message: 'Team name is required',
    fieldErrors: { name: ['Team name is required'] },
  },
  {
    name: 'oversized team name',
    call: () => api.team.create({ name: 't'.repeat(65) }),
    code: 'BAD_REQUEST',
    message: 'Team name must be at most 64 characters',
    fieldErrors: { name: ['Team name must be at most 64 characters'] },
  },
  {
    name: 'invite with a malformed email',
    call: () => api.team.invite({ teamId: team.teamId, email: 'not-an-email', role: 'VIEWER' }),
    code: 'BAD_REQUEST',
    message: 'Enter a valid email address',
    fieldErrors: { email: ['Enter a valid email address'] },
  },
  {
    name: 'invite with an unknown role',
    call: () =>
      api.team.invite({ teamId: team.teamId, email: 'a@b.dev', role: 'SUPERUSER' as never }),
    code: 'BAD_REQUEST',
    message: ROLE_MESSAGE,
    fieldErrors: { role: [ROLE_MESSAGE] },
  },
  {
    name: 'change to a lower-case role',
    call: () =>
      api.team.changeRole({ teamId: team.teamId, userId: team.viewer.id, role: 'admin' as never }),
    code: 'BAD_REQUEST',
    message: ROLE_MESSAGE,
    fieldErrors: { role: [ROLE_MESSAGE] },
  },
  {
    name: 'invite of an existing member',
    call: () => api.team.invite({ teamId: team.teamId, email: team.editor.email, role: 'ADMIN' }),
    code: 'CONFLICT',
    message: '', // filled in below: it names the member
  },
  {
    name: 'role change of a non-member',
    call: () => api.team.changeRole({ teamId: team.teamId, userId: 'nobody', role: 'ADMIN' }),
    code: 'NOT_FOUND',
    message: 'Member not found',
  },
  {
    name: 'audit page size out of range',
    call: () => api.audit.list({ teamId: team.teamId, limit: 1000 }),
    code: 'BAD_REQUEST',
    message: 'Limit must be a whole number between 1 and 100',
    fieldErrors: { limit: ['Limit must be a whole number between 1 and 100'] },
  },
  {
    name: 'malformed audit cursor',
    call: () => api.audit.list({ teamId: team.teamId, cursor: 'abc' }),
    code: 'BAD_REQUEST',
    message: 'Cursor must be an audit entry id',
    fieldErrors: { cursor: ['Cursor must be an audit entry id'] },
  },
];

describe('bad input', () => {
  it.each(cases)('$name: $code', async (testCase) => {
    let { message, fieldErrors } = testCase;
    if (testCase.name === 'duplicate connection name') {
      message = `A connection named ${existing.name} already exists; choose another name`;
      fieldErrors = { name: [message] };
    }
    if (testCase.name === 'invite of an existing member') {
      message = `${team.editor.email} is already a member of this team`;
      fieldErrors = { email: [message] };
    }
    const before = await snapshot();
    const error = await errorOf(testCase.call);
    expect({ code: error.code, message: error.message }).toEqual({ code: testCase.code, message });
    expect(fieldErrorsOf(error.cause)).toEqual(fieldErrors);
    expect(await snapshot()).toEqual(before);
  });

  it('reaches the browser as a 400 with per-field messages', async () => {
    const before = await snapshot();
    const { status, body } = await httpCall(
      team.owner,
      'connection.create',
      {
        teamId: team.teamId,
        name: '',
        type: 'postgresql',
        config: { ...PG_CONFIG, port: 0 },
      },
      'POST',
    );
    expect(status).toBe(400);
    const error = JSON.parse(body).error.json;
    expect(error.message).toBe('Name is required');
    expect(error.data.code).toBe('BAD_REQUEST');
    expect(error.data.fieldErrors).toEqual({
      name: ['Name is required'],
      'config.port': [PORT_MESSAGE],
    });
    expect(Object.keys(error.data)).not.toContain('stack');
    expect(await snapshot()).toEqual(before);
  });

  it('a conflict reaches the browser as a 409 naming the connection', async () => {
    const other = await api.connection.create({
      teamId: team.teamId,
      name: uniqueLabel('other'),
      type: 'datagen',
      config: { generator: 'orders' },
    });
    const before = await snapshot();
    const { status, body } = await httpCall(
      team.owner,
      'connection.update',
      { teamId: team.teamId, id: other.id, name: existing.name },
      'POST',
    );
    expect(status).toBe(409);
    expect(JSON.parse(body).error.json.message).toBe(
      `A connection named ${existing.name} already exists; choose another name`,
    );
    expect(await snapshot()).toEqual(before);
  });

  it('renaming a connection to its own name is no conflict', async () => {
    const renamed = await api.connection.update({
      teamId: team.teamId,
      id: existing.id,
      name: existing.name,
    });
    expect(renamed.name).toBe(existing.name);
  });

  it('a wrong password does not sign in and creates no session', async () => {
    const sessionsBefore = await prisma.session.count({ where: { userId: team.viewer.id } });
    await expect(
      auth.api.signInEmail({ body: { email: team.viewer.email, password: `${PASSWORD}!` } }),
    ).rejects.toThrow('Invalid email or password');
    expect(await prisma.session.count({ where: { userId: team.viewer.id } })).toBe(sessionsBefore);
  });
});
