/**
 * The wiring the console uses: `getAuth()` and `createTRPCContext({ headers, ip })` built from
 * the environment alone (DATABASE_URL, VELO_SECRET_KEY, BETTER_AUTH_SECRET, VELO_BASE_URL).
 */
import { randomBytes } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';

beforeAll(() => {
  // npm test provides these; a bare `vitest run` with only DATABASE_URL gets test values.
  process.env.VELO_SECRET_KEY ??= randomBytes(32).toString('base64');
  process.env.BETTER_AUTH_SECRET ??= randomBytes(32).toString('base64');
});

it('signs up through getAuth() and calls procedures through createTRPCContext', async () => {
  const { appRouter, createTRPCContext, getAuth, getPrisma } = await import('./index.ts');
  const email = `wiring-${randomBytes(4).toString('hex')}@test.velo.dev`;
  const { headers } = await getAuth().api.signUpEmail({
    body: { name: 'Wiring', email, password: 'a long password' },
    returnHeaders: true,
  });
  const cookie = headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
  const ctx = await createTRPCContext({ headers: new Headers({ cookie }), ip: '192.0.2.1' });
  const api = appRouter.createCaller(ctx);
  expect((await api.me.get()).user.email).toBe(email);
  const team = await api.team.create({ name: 'Wiring' });
  const connection = await api.connection.create({
    teamId: team.id,
    name: 'pg',
    type: 'postgresql',
    config: { host: '127.0.0.1', port: 1, database: 'd', user: 'u', ssl: false },
    secret: { password: 'p' },
  });
  expect(connection.hasSecret).toBe(true);
  const stored = await getPrisma().connection.findUniqueOrThrow({ where: { id: connection.id } });
  expect(stored.encryptedSecret).not.toBeNull();
});
