import { describe, expect, it } from 'vitest';
import { auth, callerFor, prisma } from '../../../test/harness.ts';
import { DEMO_PASSWORD, seedDemo } from './seed-demo.ts';

describe('seedDemo', () => {
  it('creates the demo team and users once, and they can sign in', async () => {
    const first = await seedDemo(prisma);
    const second = await seedDemo(prisma);
    expect(second).toEqual(first);
    expect(first.team).toMatchObject({ name: 'Demo', slug: 'demo' });
    expect(first.logins).toEqual([
      { email: 'owner@velo.dev', password: DEMO_PASSWORD, role: 'OWNER' },
      { email: 'editor@velo.dev', password: DEMO_PASSWORD, role: 'EDITOR' },
      { email: 'viewer@velo.dev', password: DEMO_PASSWORD, role: 'VIEWER' },
    ]);
    expect(await prisma.team.count({ where: { slug: 'demo' } })).toBe(1);
    expect(
      await prisma.user.count({
        where: { email: { in: ['owner@velo.dev', 'editor@velo.dev', 'viewer@velo.dev'] } },
      }),
    ).toBe(3);

    for (const login of first.logins) {
      const { headers } = await auth.api.signInEmail({
        body: { email: login.email, password: login.password },
        returnHeaders: true,
      });
      const cookie = headers
        .getSetCookie()
        .map((line) => line.split(';')[0])
        .join('; ');
      const me = await (
        await callerFor({ id: '', name: '', email: login.email, headers: new Headers({ cookie }) })
      ).me.get();
      expect(me.user.email).toBe(login.email);
      expect(me.user.emailVerified).toBe(true);
      expect(me.teams).toContainEqual({ ...first.team, role: login.role });
    }
  });
});
