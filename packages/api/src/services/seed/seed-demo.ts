import type { PrismaClient, Role } from '@velo/db';
import { createAuth } from '../../auth.ts';
import { getEnv } from '../../env.ts';
import { seedDemoJob } from './seed-demo-job.ts';

export const DEMO_PASSWORD = 'velo-demo-1';

export const DEMO_USERS: { email: string; name: string; role: Role }[] = [
  { email: 'owner@velo.dev', name: 'Demo Owner', role: 'OWNER' },
  { email: 'editor@velo.dev', name: 'Demo Editor', role: 'EDITOR' },
  { email: 'viewer@velo.dev', name: 'Demo Viewer', role: 'VIEWER' },
];

export interface DemoSeed {
  team: { id: string; name: string; slug: string };
  logins: { email: string; password: string; role: Role }[];
}

/**
 * The demo team "Demo" (slug demo) with an owner, an editor and a viewer who sign in with
 * DEMO_PASSWORD. Idempotent: existing users keep their passwords, roles are reset.
 */
export async function seedDemo(prisma: PrismaClient): Promise<DemoSeed> {
  // Accounts go through better-auth so the password hash is exactly what sign-in checks. The
  // auth secret only signs cookies, which seeding never hands out.
  const auth = createAuth(prisma, {
    secret: 'velo-seed-only-signs-nothing-0123456789',
    baseURL: getEnv().VELO_BASE_URL,
    // Demo addresses are marked verified below; no verification mail goes out for them.
    mailer: { send: async () => {} },
  });
  const team = await prisma.team.upsert({
    where: { slug: 'demo' },
    create: { name: 'Demo', slug: 'demo' },
    update: {},
    select: { id: true, name: true, slug: true },
  });
  for (const demo of DEMO_USERS) {
    let user = await prisma.user.findUnique({ where: { email: demo.email } });
    if (!user) {
      const created = await auth.api.signUpEmail({
        body: { email: demo.email, name: demo.name, password: DEMO_PASSWORD },
      });
      // Sign-up also signs in; that session is nobody's, so drop it.
      if (created.token) await prisma.session.deleteMany({ where: { token: created.token } });
      user = await prisma.user.findUniqueOrThrow({ where: { email: demo.email } });
    }
    // Demo logins are known addresses on this install, verified so invitations work for them.
    if (!user.emailVerified) {
      await prisma.user.update({ where: { id: user.id }, data: { emailVerified: true } });
    }
    await prisma.membership.upsert({
      where: { teamId_userId: { teamId: team.id, userId: user.id } },
      create: { teamId: team.id, userId: user.id, role: demo.role },
      update: { role: demo.role },
    });
  }
  // The demo team's live job (datagen → window → file), RUNNING once a worker is up.
  const owner = await prisma.user.findUniqueOrThrow({ where: { email: DEMO_USERS[0].email } });
  await seedDemoJob(prisma, team.id, owner.id);
  return {
    team,
    logins: DEMO_USERS.map((demo) => ({
      email: demo.email,
      password: DEMO_PASSWORD,
      role: demo.role,
    })),
  };
}
