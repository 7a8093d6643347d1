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

describe('the HTTP handler the console mounts at /api/auth', () => {
  const baseURL = 'http://localhost:3000';
  const auth = createAuth(prisma, { secret: randomBytes(32).toString('hex'), baseURL });

  /** A fetch from a page at `origin`, with the Fetch Metadata headers browsers add. */
  function post(path: string, body: unknown, origin: string, extra: Record<string, string> = {}) {
    const site = origin === baseURL ? 'same-origin' : 'cross-site';
    return auth.handler(
      new Request(`${baseURL}/api/auth${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          origin,
          'sec-fetch-site': site,
          'sec-fetch-mode': 'cors',
          'sec-fetch-dest': 'empty',
          ...extra,
        },
        body: JSON.stringify(body),
      }),
    );
  }

  it('signs up and in from the console origin and its loopback twin', async () => {
    const email = `${uniqueLabel('http')}@test.velo.dev`;
    const signUp = await post(
      '/sign-up/email',
      { name: 'H', email, password: 'a long password' },
      baseURL,
    );
    expect(signUp.status).toBe(200);
    const signIn = await post(
      '/sign-in/email',
      { email, password: 'a long password' },
      'http://127.0.0.1:3000',
    );
    expect(signIn.status).toBe(200);
    expect(
      signIn.headers.getSetCookie().some((line) => line.startsWith('better-auth.session_token=')),
    ).toBe(true);
  });

  it('refuses requests from a foreign origin, with or without a session cookie', async () => {
    const email = `${uniqueLabel('csrf')}@test.velo.dev`;
    const body = { name: 'C', email, password: 'a long password' };
    const evil = 'https://evil.example.com';
    const fresh = await post('/sign-up/email', body, evil);
    expect(fresh.status).toBe(403);
    expect(((await fresh.json()) as { message: string }).message).toBe('Invalid origin');
    const withCookie = await post('/sign-up/email', body, evil, {
      cookie: 'better-auth.session_token=whatever',
    });
    expect(withCookie.status).toBe(403);
    expect(await prisma.user.count({ where: { email } })).toBe(0);
  });

  it('rejects a wrong password with a plain message and no cookie', async () => {
    const email = `${uniqueLabel('wrong')}@test.velo.dev`;
    await post('/sign-up/email', { name: 'W', email, password: 'a long password' }, baseURL);
    const response = await post('/sign-in/email', { email, password: 'not the password' }, baseURL);
    expect(response.status).toBe(401);
    expect(((await response.json()) as { message: string }).message).toBe(
      'Invalid email or password',
    );
    expect(response.headers.getSetCookie()).toEqual([]);
  });
});
