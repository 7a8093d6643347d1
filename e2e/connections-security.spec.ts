import { expect, type Page, test } from '@playwright/test';
import { OWNER, openAs } from './support.ts';

/**
 * Issue 11 in the browser: security headers on pages and API responses, "Test" before saving,
 * the last test result kept with its time, the form warning that an endpoint change removes the
 * stored secret, fields with errors announced, and a 63-character name that leaves the row's
 * actions on screen.
 */
function connectionRow(page: Page, name: string) {
  return page.locator(`[data-testid="connection-row"][data-name="${name}"]`);
}

function longName() {
  const stamp = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  return `gen_${stamp}_`.padEnd(63, 'x');
}

test('pages and API responses carry a nonce CSP and the other security headers', async ({
  page,
  request,
}) => {
  const response = await page.goto('/sign-in');
  const headers = response?.headers() ?? {};
  expect(headers['content-security-policy']).toMatch(
    /script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'; .*frame-ancestors 'none'/,
  );
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('same-origin');
  // Next's own scripts run: the page is interactive under the policy.
  await expect(page.getByTestId('sign-in-submit')).toBeEnabled();
  const api = await request.get('/api/trpc/me.get');
  expect(api.headers()['content-security-policy']).toContain(`frame-ancestors 'none'`);
  expect(api.headers()['x-content-type-options']).toBe('nosniff');
});

test('owner tests a connection before saving, sees the last result later, and is told when an edit drops the secret', async ({
  page,
}) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await openAs(page, OWNER);
  await page.getByTestId('nav-connections').click();
  await expect(page.getByRole('heading', { name: 'Connections', level: 1 })).toBeVisible();

  // Errors are announced on their fields.
  await page.getByTestId('new-connection').first().click();
  const form = page.getByTestId('connection-form');
  await form.getByTestId('field-type').selectOption('postgresql');
  await form.getByTestId('save-connection').click();
  await expect(form.getByTestId('field-host')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByTestId('field-host')).toHaveAttribute('aria-describedby', 'host-error');
  await expect(form.locator('#host-error')).toHaveText('Host is required');

  // Test before saving: the generator needs nothing outside the server.
  const name = longName();
  await form.getByTestId('field-name').fill(name);
  await form.getByTestId('field-type').selectOption('datagen');
  await form.getByTestId('test-draft').click();
  await expect(form.getByTestId('test-result')).toHaveText(/^Connected in \d+ ms$/);
  await form.getByTestId('save-connection').click();
  const row = connectionRow(page, name);
  await expect(row).toBeVisible();

  // A 63-character name wraps; the row's actions stay inside the window.
  const viewport = page.viewportSize();
  const deleteBox = await row.getByTestId('delete-connection').boundingBox();
  expect(deleteBox && viewport && deleteBox.x + deleteBox.width <= viewport.width).toBe(true);

  // The last result is kept by the server, with its time.
  await row.getByTestId('test-connection').click();
  await expect(row.getByTestId('test-result')).toHaveText(/^Connected in \d+ ms$/);
  await page.reload();
  await expect(connectionRow(page, name).getByTestId('test-result')).toHaveText(
    /^Connected in \d+ ms$/,
  );
  await expect(connectionRow(page, name).getByTestId('last-tested')).toHaveText('Tested just now');

  // Editing where a stored password goes warns that it will be removed.
  await page.getByTestId('new-connection').first().click();
  const pgName = `pg_${Date.now().toString(36)}`;
  await form.getByTestId('field-name').fill(pgName);
  await form.getByTestId('field-type').selectOption('postgresql');
  await form.getByTestId('field-host').fill('db.internal.example');
  await form.getByTestId('field-port').fill('5432');
  await form.getByTestId('field-database').fill('orders');
  await form.getByTestId('field-user').fill('velo');
  await form.getByTestId('field-password').fill('s3cret-password');
  await form.getByTestId('save-connection').click();
  await connectionRow(page, pgName).getByTestId('edit-connection').click();
  await expect(form.getByTestId('secret-cleared-notice')).toHaveCount(0);
  await form.getByTestId('field-host').fill('attacker.example');
  await expect(form.getByTestId('secret-cleared-notice')).toHaveText(
    'The host changed: enter the password again, or the stored one is removed when you save.',
  );
  await form.getByTestId('save-connection').click();
  await expect(connectionRow(page, pgName).getByTestId('has-secret')).toHaveCount(0);
  expect(violations).toEqual([]);
});
