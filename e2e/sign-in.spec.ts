import { expect, test } from '@playwright/test';
import { attemptSignIn, OWNER, uniqueName } from './support.ts';

test('a wrong password shows a clear error and keeps the user on the sign-in page', async ({
  page,
}) => {
  expect(await attemptSignIn(page, OWNER, 'not-the-password')).toBe('Incorrect email or password.');
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByTestId('user-menu')).toHaveCount(0);
});

test('pages of the console send signed-out visitors to sign in', async ({ page }) => {
  await page.goto('/connections');
  await expect(page).toHaveURL(/\/sign-in$/);
});

test('a new user signs up, creates a first team and lands on its empty connections page', async ({
  page,
}) => {
  const email = `${uniqueName('new')}@example.com`;
  await page.goto('/sign-up');
  await page.getByLabel('Name').fill('Nova Tester');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('short');
  await page.getByTestId('sign-up-submit').click();
  await expect(page.getByTestId('field-error-password')).toHaveText(
    'Password must be at least 8 characters',
  );
  await page.getByLabel('Password').fill('a-long-enough-password');
  await page.getByTestId('sign-up-submit').click();

  await expect(page.getByTestId('create-first-team')).toBeVisible();
  await page.getByTestId('team-name-input').fill('Nova analytics');
  await page.getByTestId('create-team-submit').click();

  await expect(page.getByTestId('team-switcher')).toHaveValue(/.+/);
  await expect(page.getByTestId('team-switcher').locator('option:checked')).toHaveText(
    'Nova analytics',
  );
  await expect(page.getByTestId('current-role')).toHaveText('Owner');
  await expect(page.getByTestId('connections-empty')).toBeVisible();

  await page.getByTestId('user-menu').click();
  await expect(page.getByTestId('user-email')).toHaveText(email);
});
