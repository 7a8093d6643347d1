import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, expect, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'velo-demo-1';
export const OWNER = 'owner@velo.dev';
export const EDITOR = 'editor@velo.dev';
export const VIEWER = 'viewer@velo.dev';
export const DEMO_USERS = [OWNER, EDITOR, VIEWER] as const;
export type DemoUser = (typeof DEMO_USERS)[number];

const RATE_LIMITED = 'Too many attempts. Wait a few seconds and try again.';

/**
 * Submits the sign-in form; resolves to 'signed-in' or the error the form shows. better-auth
 * allows 3 sign-in attempts per IP per 10 s in production and every journey comes from
 * 127.0.0.1, so journeys not about signing in use `openAs` instead. The few sign-ins left (the
 * setup's, the sign-in journeys') can still meet in one window, e.g. when sign-in.spec.ts runs
 * alone right after the setup: a rate-limited attempt waits out the window and tries again.
 */
export async function attemptSignIn(page: Page, email: string, password: string) {
  for (let attempt = 1; ; attempt++) {
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByTestId('sign-in-submit').click();
    const signedIn = page.getByTestId('user-menu');
    const error = page.getByTestId('auth-error');
    await expect(signedIn.or(error)).toBeVisible();
    if (await signedIn.isVisible()) return 'signed-in';
    const message = (await error.textContent()) ?? '';
    if (message !== RATE_LIMITED || attempt === 3) return message;
    await page.waitForTimeout(11_000);
  }
}

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  expect(await attemptSignIn(page, email, password), `signing in as ${email}`).toBe('signed-in');
}

/** Where auth.setup.ts keeps a demo user's signed-in browser state for the run. */
export function savedSessionFile(email: DemoUser): string {
  return fileURLToPath(new URL(`../.velo/e2e-auth/${email}.json`, import.meta.url));
}

type SavedCookies = Parameters<BrowserContext['addCookies']>[0];

/**
 * Opens the console as a demo user with the session auth.setup.ts signed in once per run, in
 * place of signing in through the form (see attemptSignIn). Whatever session the page's browser
 * held is dropped from the browser only, not signed out, so the saved sessions stay valid for
 * the journeys after; sign-out is covered by the journeys that sign in themselves. Only the
 * cookies are taken: local storage (theme, editor tabs) starts empty as for a fresh sign-in.
 */
export async function openAs(page: Page, email: DemoUser) {
  const saved = JSON.parse(readFileSync(savedSessionFile(email), 'utf8')) as {
    cookies: SavedCookies;
  };
  const context = page.context();
  await context.clearCookies();
  await context.addCookies(saved.cookies);
  await page.goto('/');
  await expect(page.getByTestId('user-menu'), `the saved session of ${email}`).toBeVisible();
}

/** Creates an account through the sign-up form; the new user lands signed in. */
export async function signUp(
  page: Page,
  name: string,
  email: string,
  password = 'a-long-enough-password',
) {
  await page.goto('/sign-up');
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByTestId('sign-up-submit').click();
  await expect(page.getByTestId('user-menu')).toBeVisible();
}

export async function signOut(page: Page) {
  await page.getByTestId('user-menu').click();
  await page.getByTestId('sign-out').click();
  await expect(page).toHaveURL(/\/sign-in(\?.*)?$/);
}

export async function selectTeam(page: Page, name: string) {
  await page.getByTestId('team-switcher').selectOption({ label: name });
}

/** Postgres connection settings of the database the console itself runs on. */
export function postgresFromDatabaseUrl(databaseUrl: string) {
  const url = new URL(databaseUrl);
  return {
    host: url.hostname,
    port: url.port || '5432',
    database: decodeURIComponent(url.pathname.replace(/^\//, '')),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  };
}

/** A name no earlier run used, so journeys can run again against the same database. */
export function uniqueName(prefix: string) {
  return `${prefix}_${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
}

/** Where the console under test writes its mails (no SMTP in e2e; see playwright.config.ts). */
export const MAIL_DIR =
  process.env.VELO_MAIL_DIR ?? fileURLToPath(new URL('../.velo/e2e-mail', import.meta.url));

/**
 * The first link starting with `prefix` in the newest mail to `to` (optionally one containing
 * `containing`), waiting up to 10 s for it to be written.
 */
export async function linkInMail(to: string, prefix: string, containing = ''): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const files = existsSync(MAIL_DIR) ? readdirSync(MAIL_DIR).sort().reverse() : [];
    for (const file of files) {
      const text = readFileSync(path.join(MAIL_DIR, file), 'utf8');
      if (!text.includes(`\nTo: ${to}\n`) || !text.includes(containing)) continue;
      const link = text.split(/\s+/).find((word) => word.startsWith(prefix));
      if (link) return link;
    }
    if (Date.now() > deadline) throw new Error(`no mail to ${to} with a link to ${prefix}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
