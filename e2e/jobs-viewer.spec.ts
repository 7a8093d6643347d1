/**
 * Journey 4: a VIEWER sees jobs and dashboards but no start/stop/edit controls, and the API
 * refuses those calls anyway (with the role it needs).
 */
import { expect, test } from '@playwright/test';
import { createJob, demoTeamId, FILE_ROOT, trpc } from './jobs-fixtures';
import { EDITOR, openAs, uniqueName, VIEWER } from './support';

test('viewer: jobs and dashboards read-only, mutations refused by the server', async ({ page }) => {
  const teamId = await demoTeamId();
  await openAs(page, EDITOR);
  const name = uniqueName('viewer_job');
  const job = await createJob(
    page,
    teamId,
    name,
    `SELECT order_id FROM 'datagen://orders?seed=1' INTO 'file://${FILE_ROOT}/${name}.jsonl'`,
  );
  const dashboard = await trpc(page, 'mutation', 'dashboard.create', {
    teamId,
    name: uniqueName('viewer dash'),
  });
  expect(dashboard.status).toBe(200);
  const dashboardId = (dashboard.data as { id: string }).id;

  await openAs(page, VIEWER);
  await page.goto('/jobs');
  await expect(page.getByTestId('job-row').filter({ hasText: name })).toBeVisible();
  await page.goto(`/jobs/${job.id}`);
  await expect(page.getByTestId('job-detail')).toBeVisible();
  await expect(page.getByTestId('job-dashboard')).toBeVisible();
  await expect(page.getByTestId('job-actions')).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^(Start|Stop|Restart|Delete)/ })).toHaveCount(0);
  await expect(page.getByTestId('edit-job')).toHaveCount(0);

  await page.goto('/dashboards');
  await expect(page.getByTestId('overview-row').filter({ hasText: name })).toBeVisible();
  await expect(page.getByTestId('new-dashboard')).toHaveCount(0);
  await page.goto(`/dashboards?dashboard=${dashboardId}`);
  await expect(page.getByTestId('team-dashboard')).toBeVisible();
  await expect(page.getByTestId('add-panel')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Delete dashboard' })).toHaveCount(0);

  const refusal = {
    status: 403,
    code: 'FORBIDDEN',
    message: 'This needs the EDITOR role or higher; you are VIEWER',
  };
  for (const [path, input] of [
    ['job.start', { teamId, id: job.id }],
    ['job.stop', { teamId, id: job.id }],
    ['job.update', { teamId, id: job.id, sql: 'SELECT 1' }],
    ['dashboard.create', { teamId, name: 'nope' }],
    ['dashboard.delete', { teamId, id: dashboardId }],
  ] as const) {
    const result = await trpc(page, 'mutation', path, input);
    expect({ path, status: result.status, code: result.code, message: result.message }).toEqual({
      path,
      ...refusal,
    });
  }
});
