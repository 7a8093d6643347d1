import { expect, test } from '@playwright/test';
import {
  attemptSignIn,
  DEMO_PASSWORD,
  linkInMail,
  OWNER,
  signOut,
  signUp,
  uniqueName,
} from './support.ts';

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

test('signing in returns to the page that was asked for, filters included', async ({ page }) => {
  await page.goto('/audit?action=team.create');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Faudit%3Faction%3Dteam\.create$/);
  await page.getByLabel('Email').fill(OWNER);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByTestId('sign-in-submit').click();
  await expect(page).toHaveURL(/\/audit\?action=team\.create$/);
  await expect(page.getByTestId('filter-action')).toHaveValue('team.create');
});

test('the user menu button says whether it is open', async ({ page }) => {
  expect(await attemptSignIn(page, OWNER, DEMO_PASSWORD)).toBe('signed-in');
  const button = page.getByTestId('user-menu');
  await expect(button).toHaveAttribute('aria-expanded', 'false');
  await button.click();
  await expect(button).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.press('Escape');
  await expect(button).toHaveAttribute('aria-expanded', 'false');
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
    'Password must be at least 10 characters',
  );
  await expect(page.getByLabel('Password')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Password')).toHaveAttribute('aria-describedby', 'password-error');
  await page.getByLabel('Password').fill('Password123');
  await page.getByTestId('sign-up-submit').click();
  await expect(page.getByTestId('auth-error')).toHaveText(
    'This password is one of the most common passwords. Choose another one.',
  );
  await page.getByLabel('Password').fill('a-long-enough-password');
  await page.getByTestId('sign-up-submit').click();

  // Signed in, but the address is not verified until the mailed link is opened.
  await expect(page.getByTestId('verify-email-banner')).toBeVisible();
  await page.goto(await linkInMail(email, 'http', 'verify-email'));
  await expect(page.getByTestId('verify-email-banner')).toHaveCount(0);

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

test('a user sees their sessions, changes their password and finds it in their activity', async ({
  page,
}) => {
  const email = `${uniqueName('account')}@example.com`;
  await signUp(page, 'Acco Unt', email);
  await page.getByTestId('user-menu').click();
  await page.getByTestId('account-settings').click();
  await expect(page.getByTestId('account-page')).toBeVisible();
  // Sign-up signed this browser in: one session, marked as this one, not revocable from here.
  await expect(page.getByTestId('session-row')).toHaveCount(1);
  await expect(page.getByTestId('session-row')).toContainText('(this browser)');
  await expect(page.getByTestId('revoke-session')).toHaveCount(0);

  const form = page.getByTestId('change-password-form');
  await form.getByLabel('Current password').fill('a-long-enough-password');
  await form.getByLabel('New password').fill('qwertyuiop');
  await form.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByTestId('field-error-new-password')).toHaveText(
    'This password is one of the most common passwords. Choose another one.',
  );
  await expect(form.getByLabel('New password')).toHaveAttribute('aria-invalid', 'true');
  await form.getByLabel('New password').fill('an-even-longer-password');
  await form.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByTestId('password-changed')).toHaveText(
    'Password changed. Other browsers were signed out.',
  );
  await page.reload();
  await expect(page.getByTestId('account-activity')).toContainText('Password changed');
  await expect(page.getByTestId('account-activity')).toContainText('Account created');

  await signOut(page);
  expect(await attemptSignIn(page, email, 'an-even-longer-password')).toBe('signed-in');
});
