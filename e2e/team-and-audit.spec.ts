import { expect, test } from '@playwright/test';
import {
  DEMO_PASSWORD,
  EDITOR,
  linkInMail,
  OWNER,
  openAs,
  selectTeam,
  signIn,
  signOut,
  signUp,
  uniqueName,
} from './support.ts';

test('owner invites a colleague by email and finds the invitation in the audit log', async ({
  page,
}) => {
  const email = `${uniqueName('invitee')}@example.com`;
  await openAs(page, OWNER);
  await selectTeam(page, 'Demo');
  await page.getByTestId('nav-team').click();

  await expect(
    page.locator('[data-testid="member-row"][data-email="viewer@velo.dev"]'),
  ).toBeVisible();
  await page.getByTestId('invite-email').fill(email);
  await page.getByTestId('invite-role').selectOption('VIEWER');
  await page.getByTestId('invite-submit').click();
  await expect(page.getByRole('status')).toHaveText(
    `Invited ${email} as viewer. We mailed them a link; they join the team when they accept it.`,
  );
  const invitation = page.getByTestId('invitation-row').filter({ hasText: email });
  await expect(invitation).toContainText('Viewer');

  await page.getByTestId('nav-audit').click();
  await page.getByTestId('filter-action').selectOption('invitation.create');
  await page.getByTestId('filter-actor').fill('owner@');
  await page.getByTestId('filter-apply').click();
  // The filters live in the URL; the actor filter takes part of an email.
  await expect(page).toHaveURL(/\/audit\?action=invitation\.create&actor=owner%40$/);
  const entry = page.getByTestId('audit-row').filter({ hasText: email }).first();
  await expect(entry).toContainText('owner@velo.dev');
  await expect(entry).toContainText('invitation.create');
  // The row names its object (the invited address).
  await expect(entry.getByTestId('audit-object')).toContainText(email);
  await page.reload();
  await expect(page.getByTestId('filter-actor')).toHaveValue('owner@');

  await page.getByTestId('nav-team').click();
  await invitation.getByTestId('revoke-invitation').click();
  await expect(invitation).toHaveCount(0);
});

test('an editor sees the team read-only and no audit log', async ({ page }) => {
  await openAs(page, EDITOR);
  await selectTeam(page, 'Demo');
  await page.getByTestId('nav-team').click();
  await expect(page.getByTestId('members-table')).toBeVisible();
  await expect(page.getByTestId('invite-form')).toHaveCount(0);
  await expect(page.getByTestId('member-role')).toHaveCount(0);
  await expect(page.getByTestId('remove-member')).toHaveCount(0);
  // Audit is for admins: not in an editor's navigation, and refused if opened directly.
  await expect(page.getByTestId('nav-audit')).toHaveCount(0);
  await page.goto('/audit');
  await expect(page.getByTestId('audit-forbidden')).toBeVisible();
});

test('an existing user joins only by accepting the mailed invitation; role change is confirmed', async ({
  page,
}) => {
  const teamName = uniqueName('Founders');
  const founder = `${uniqueName('founder')}@example.com`;
  await signUp(page, 'Team Founder', founder);
  await page.getByTestId('team-name-input').fill(teamName);
  await page.getByTestId('create-team-submit').click();
  await expect(page.getByTestId('current-role')).toHaveText('Owner');
  await page.getByTestId('nav-team').click();

  await page.getByTestId('invite-email').fill(EDITOR);
  await page.getByTestId('invite-role').selectOption('VIEWER');
  await page.getByTestId('invite-submit').click();
  // The same answer as for an address without an account; nobody is added yet.
  await expect(page.getByRole('status').filter({ hasText: 'Invited' })).toHaveText(
    `Invited ${EDITOR} as viewer. We mailed them a link; they join the team when they accept it.`,
  );
  const member = page.locator(`[data-testid="member-row"][data-email="${EDITOR}"]`);
  await expect(member).toHaveCount(0);
  await signOut(page);

  // The invitee opens the mailed link, signs in, and accepts.
  const link = await linkInMail(EDITOR, 'http', teamName);
  await page.goto(link);
  await expect(page).toHaveURL(/\/sign-in\?next=%2Finvitations%2F/);
  await page.getByLabel('Email').fill(EDITOR);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByTestId('sign-in-submit').click();
  await expect(page.getByTestId('invitation')).toContainText(`Join ${teamName}`);
  await page.getByTestId('accept-invitation').click();
  await expect(page.getByTestId('team-switcher').locator('option:checked')).toHaveText(teamName);
  await expect(page.getByTestId('current-role')).toHaveText('Viewer');
  await signOut(page);

  // Back as the founder (the same team opens: it is remembered on the server). A role change
  // asks first and says it worked; leaving or removing names what it does.
  await signIn(page, founder, 'a-long-enough-password');
  await expect(page.getByTestId('team-switcher').locator('option:checked')).toHaveText(teamName);
  await page.getByTestId('nav-team').click();
  await member.getByTestId('member-role').selectOption('ADMIN');
  const confirm = page.getByTestId('confirm-dialog');
  await expect(confirm).toContainText(`Change the role of ${EDITOR} from Viewer to Admin?`);
  await confirm.getByTestId('confirm-button').click();
  await expect(page.getByTestId('team-notice')).toHaveText(`${EDITOR} is now Admin.`);
  await page.reload();
  await expect(member.getByTestId('member-role')).toHaveValue('ADMIN');

  await member.getByTestId('remove-member').click();
  await expect(confirm.getByRole('heading')).toHaveText('Remove member');
  await confirm.getByTestId('confirm-button').click();
  await expect(member).toHaveCount(0);

  const me = page.locator(`[data-testid="member-row"][data-email="${founder}"]`);
  await page.getByTestId('nav-team').click();
  await expect(me).toBeVisible();
  // The founder's leave dialog says leave (refused here: the last owner must stay).
  await me.getByTestId('remove-member').click();
  await expect(confirm.getByRole('heading')).toHaveText('Leave team');
  await expect(confirm.getByTestId('confirm-button')).toHaveText('Leave team');
  await confirm.getByRole('button', { name: 'Cancel' }).click();

  // The owner deletes the team after typing its name.
  await page.getByTestId('delete-team').click();
  const dialog = page.getByTestId('delete-team-dialog');
  await expect(dialog.getByTestId('confirm-delete-team')).toBeDisabled();
  await dialog.getByTestId('confirm-team-name').fill(teamName);
  await dialog.getByTestId('confirm-delete-team').click();
  await expect(page.getByTestId('create-first-team')).toBeVisible();
});
