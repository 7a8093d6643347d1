import { expect, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'velo-demo-1';
export const OWNER = 'owner@velo.dev';
export const EDITOR = 'editor@velo.dev';
export const VIEWER = 'viewer@velo.dev';

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByTestId('sign-in-submit').click();
  await expect(page.getByTestId('user-menu')).toBeVisible();
}

export async function signOut(page: Page) {
  await page.getByTestId('user-menu').click();
  await page.getByTestId('sign-out').click();
  await expect(page).toHaveURL(/\/sign-in$/);
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
