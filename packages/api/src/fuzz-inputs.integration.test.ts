/**
 * Issue 11: a property-based fuzz of every procedure's input through the HTTP entry. Whatever
 * arrives (wrong types, huge or NUL-laden text, out-of-range numbers and cursors, unknown keys),
 * the answer is never a 500, and a refused call changes nothing the caller's team holds.
 */
import fc from 'fast-check';
import superjson from 'superjson';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  auth,
  createTeamWithRoles,
  keyring,
  prisma,
  TEST_IP,
  type TeamFixture,
} from '../test/harness.ts';
import { handleTrpcRequest } from './http-handler.ts';
import { appRouter } from './root.ts';

const ORIGIN = 'http://localhost:3000';
let team: TeamFixture;

beforeAll(async () => {
  team = await createTeamWithRoles('fuzz');
});

const procedures = Object.entries(
  appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>,
).map(([path, procedure]) => ({ path, type: procedure._def.type }));

/** Values that have given servers 500s: NULs, huge text, extreme numbers, odd dates. */
const nasty = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom('', ' ', '\u0000', 'a\u0000b', 'x'.repeat(70_000), '../../etc/passwd', '\u202e'),
  fc.integer(),
  fc.constantFrom(-1, 0, 2 ** 31, 2 ** 53, -(2 ** 63), 1e308, Number.NaN, Number.POSITIVE_INFINITY),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.date({ noInvalidDate: true }),
);

const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  any: fc.oneof({ depthSize: 'small' }, nasty, tie('array'), tie('object')),
  array: fc.array(tie('any'), { maxLength: 4 }),
  object: fc.dictionary(
    fc.constantFrom('id', 'name', 'cursor', 'limit', 'type', 'config', 'sql', 'email', 'role', 'x'),
    tie('any'),
    { maxKeys: 5 },
  ),
})).any;

/** Mostly inputs scoped to the caller's own team, so calls get past the membership check. */
const input = fc.oneof(
  value,
  fc
    .dictionary(
      fc.constantFrom(
        'id',
        'name',
        'cursor',
        'limit',
        'type',
        'config',
        'secret',
        'jobId',
        'userId',
      ),
      value,
      { maxKeys: 5 },
    )
    .map((fields) => ({ ...fields, teamId: team.teamId })),
);

async function call(path: string, type: string, payload: unknown): Promise<number> {
  const encoded = JSON.stringify(superjson.serialize(payload));
  const headers = {
    ...Object.fromEntries(team.owner.headers),
    'content-type': 'application/json',
    origin: ORIGIN,
  };
  const request =
    type === 'query'
      ? new Request(`${ORIGIN}/api/trpc/${path}?input=${encodeURIComponent(encoded)}`, { headers })
      : new Request(`${ORIGIN}/api/trpc/${path}`, { method: 'POST', headers, body: encoded });
  const response = await handleTrpcRequest(request, {
    ip: TEST_IP,
    prisma,
    auth,
    getKeyring: () => keyring,
    allowedOrigin: ORIGIN,
  });
  await response.text();
  return response.status;
}

async function teamState() {
  const [memberships, connections, jobs, invitations, teams] = await Promise.all([
    prisma.membership.findMany({ where: { teamId: team.teamId }, orderBy: { userId: 'asc' } }),
    prisma.connection.findMany({ where: { teamId: team.teamId }, orderBy: { id: 'asc' } }),
    prisma.job.findMany({ where: { teamId: team.teamId }, orderBy: { id: 'asc' } }),
    prisma.invitation.count({ where: { teamId: team.teamId } }),
    prisma.membership.count({ where: { userId: team.owner.id } }),
  ]);
  return JSON.stringify({ memberships, connections, jobs, invitations, teams });
}

describe('every procedure, fuzzed', () => {
  it(`has procedures to fuzz (${procedures.length})`, () => {
    expect(procedures.length).toBeGreaterThan(10);
  });

  it.each(procedures)(
    '$path never answers 500; refusals change nothing',
    async ({ path, type }) => {
      await fc.assert(
        fc.asyncProperty(input, async (payload) => {
          const before = await teamState();
          const status = await call(path, type, payload);
          expect(status, `${path} with ${JSON.stringify(payload)?.slice(0, 300)}`).not.toBe(500);
          if (status >= 400) expect(await teamState()).toBe(before);
        }),
        { numRuns: 15, seed: 11 },
      );
    },
    60_000,
  );
});
