import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { prisma, uniqueLabel } from '../test/harness.ts';
import { createAuth, loopbackTwins } from './auth.ts';

async function signUpCookie(baseURL: string) {
  const auth = createAuth(prisma, { secret: randomBytes(32).toString('hex'), baseURL });
  const email = `${uniqueLabel('cookie')}@test.velo.dev`;
  const { headers, response } = await auth.api.signUpEmail({
    body: { name: 'Cookie', email, password: 'a long password' },
    returnHeaders: true,
  });
  const [cookie] = headers.getSetCookie().filter((line) => line.includes('session_token='));
  return { cookie, userId: response.user.id, email };
}

describe('sessions', () => {
  it('live in an httpOnly, SameSite=Lax cookie, not Secure over http', async () => {
    const { cookie } = await signUpCookie('http://localhost:3000');
    expect(cookie).toMatch(/^better-auth\.session_token=/);
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Lax/i);
    expect(cookie).not.toMatch(/; Secure/i);
  });

  it('use a Secure cookie when the console is served over https', async () => {
    const { cookie } = await signUpCookie('https://velo.example.com');
    expect(cookie).toMatch(/^__Secure-better-auth\.session_token=/);
    expect(cookie).toMatch(/; Secure/i);
    expect(cookie).toMatch(/; HttpOnly/i);
  });

  it('are stored server-side, with the password hashed (scrypt), never in clear', async () => {
    const { userId } = await signUpCookie('http://localhost:3000');
    expect(await prisma.session.count({ where: { userId } })).toBe(1);
    const account = await prisma.account.findFirstOrThrow({ where: { userId } });
    expect(account.providerId).toBe('credential');
    expect(account.password).not.toContain('a long password');
    expect(account.password).toMatch(/^[0-9a-f]+:[0-9a-f]+$/);
  });
});

describe('loopbackTwins', () => {
  it.each([
    ['http://localhost:3000', ['http://127.0.0.1:3000']],
    ['http://127.0.0.1:3100', ['http://localhost:3100']],
    ['https://velo.example.com', []],
  ])('%s', (baseURL, twins) => {
    expect(loopbackTwins(baseURL)).toEqual(twins);
  });
});
