import { expect, test } from '@playwright/test';
import { EDITOR, OWNER, selectTeam, signIn, signUp, uniqueName } from './support.ts';

test('owner invites a colleague by email and finds the invitation in the audit log', async ({
  page,
}) => {
  const email = `${uniqueName('invitee')}@example.com`;
  await signIn(page, OWNER);
  await selectTeam(page, 'Demo');
  await page.getByTestId('nav-team').click();

  await expect(
    page.locator('[data-testid="member-row"][data-email="viewer@velo.dev"]'),
  ).toBeVisible();
  await page.getByTestId('invite-email').fill(email);
  await page.getByTestId('invite-role').selectOption('VIEWER');
  await page.getByTestId('invite-submit').click();
  await expect(page.getByRole('status')).toHaveText(
    `Invited ${email} as viewer. They join the team when they sign up with this email.`,
  );
  const invitation = page.getByTestId('invitation-row').filter({ hasText: email });
  await expect(invitation).toContainText('Viewer');

  await page.getByTestId('nav-audit').click();
  await page.getByTestId('filter-action').selectOption('invitation.create');
  await page.getByTestId('filter-apply').click();
  const entry = page.getByTestId('audit-row').filter({ hasText: email }).first();
  await expect(entry).toContainText('owner@velo.dev');
  await expect(entry).toContainText('invitation.create');

  await page.getByTestId('nav-team').click();
  await invitation.getByTestId('revoke-invitation').click();
  await expect(invitation).toHaveCount(0);
});

test('an editor sees the team read-only and no audit log', async ({ page }) => {
  await signIn(page, EDITOR);
  await selectTeam(page, 'Demo');
  await page.getByTestId('nav-team').click();
  await expect(page.getByTestId('members-table')).toBeVisible();
  await expect(page.getByTestId('invite-form')).toHaveCount(0);
  await expect(page.getByTestId('member-role')).toHaveCount(0);
  await expect(page.getByTestId('remove-member')).toHaveCount(0);
  await page.getByTestId('nav-audit').click();
  await expect(page.getByTestId('audit-forbidden')).toBeVisible();
});

test('the owner of a new team adds an existing user, changes their role and removes them', async ({
  page,
}) => {
  await signUp(page, 'Team Founder', `${uniqueName('founder')}@example.com`);
  await page.getByTestId('team-name-input').fill(uniqueName('Founders'));
  await page.getByTestId('create-team-submit').click();
  await expect(page.getByTestId('current-role')).toHaveText('Owner');
  await page.getByTestId('nav-team').click();

  await page.getByTestId('invite-email').fill(EDITOR);
  await page.getByTestId('invite-role').selectOption('VIEWER');
  await page.getByTestId('invite-submit').click();
  await expect(page.getByRole('status')).toHaveText(`Added ${EDITOR} as viewer.`);
  const member = page.locator(`[data-testid="member-row"][data-email="${EDITOR}"]`);
  await expect(member.getByTestId('member-role')).toHaveValue('VIEWER');

  await member.getByTestId('member-role').selectOption('ADMIN');
  await expect(member.getByTestId('member-role')).toHaveValue('ADMIN');
  await page.reload();
  await expect(member.getByTestId('member-role')).toHaveValue('ADMIN');

  await member.getByTestId('remove-member').click();
  await page.getByTestId('confirm-dialog').getByTestId('confirm-button').click();
  await expect(member).toHaveCount(0);
});
