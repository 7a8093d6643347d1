/**
 * Journey 2: dashboards. The time range lives in the URL and the charts query it; a panel
 * added to a team dashboard is still there after a reload. Also measures dashboardRenderMs:
 * the built-in job dashboard (10 panels, 24 h of per-second data) from its data's arrival to
 * every panel drawn.
 */
import { expect, type Request, test } from '@playwright/test';
import { createJob, db, demoTeamId, FILE_ROOT, recordResults, writeMetrics } from './jobs-fixtures';
import { EDITOR, openAs, uniqueName } from './support';

const JOB_PANEL_SERIES = [
  'records_in',
  'records_out',
  'processing_latency_p50_ms',
  'processing_latency_p99_ms',
  'consumer_lag',
  'consumer_lag_seconds',
  'watermark_lag_seconds',
  'dlq_records',
  'event_latency_ms',
  'state_entries',
  'checkpoint_duration_ms',
  'restarts',
];

/** The `from` of every metrics.series input in a (batched) tRPC request. */
function seriesFroms(request: Request): number[] {
  const url = new URL(request.url());
  if (!url.pathname.includes('metrics.series')) return [];
  const input = JSON.parse(url.searchParams.get('input') ?? '{}');
  return Object.values(input as Record<string, { json: { from: number } }>).map((i) => i.json.from);
}

test('time range in the URL drives the charts; a team panel survives a reload', async ({
  page,
}) => {
  const teamId = await demoTeamId();
  await openAs(page, EDITOR);
  const name = uniqueName('dash_job');
  const job = await createJob(
    page,
    teamId,
    name,
    `SELECT order_id, amount FROM 'datagen://orders?seed=1' INTO 'file://${FILE_ROOT}/${name}.jsonl'`,
  );
  await writeMetrics(job.id, ['records_in'], 90);

  // The overview lists the job and links to it.
  await page.goto('/dashboards');
  const row = page.getByTestId('overview-row').filter({ hasText: name });
  await expect(row).toBeVisible();
  await expect(row.getByRole('link', { name })).toHaveAttribute('href', `/jobs/${job.id}`);

  // A team dashboard with one panel on the job.
  await page.getByTestId('new-dashboard').click();
  const dashName = uniqueName('Ops');
  await page.getByTestId('new-dashboard-name').fill(dashName);
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page).toHaveURL(/dashboard=/);
  await page.getByTestId('add-panel').click();
  await page.getByTestId('panel-title').fill('Orders in');
  await page.getByTestId('panel-metric').fill('records_in');
  await page
    .getByTestId('panel-job')
    .and(page.locator(`[data-name="${name}"]`))
    .check();
  await page.getByTestId('panel-chart-type').selectOption('area');
  await page.getByTestId('panel-save').click();
  const panel = page.getByTestId('team-panel').and(page.locator('[data-title="Orders in"]'));
  await expect(panel).toBeVisible();
  await expect(panel.locator('.recharts-surface').first()).toBeVisible();

  // Changing the range: the URL says it, and the charts ask for that range.
  const asked = page.waitForRequest((r) => {
    const froms = seriesFroms(r);
    return froms.length > 0 && froms.every((f) => Math.abs(Date.now() - 3600_000 - f) < 120_000);
  });
  await page.getByTestId('time-range-select').selectOption('now-1h');
  await expect(page).toHaveURL(/from=now-1h/);
  await asked;
  await expect(panel.locator('.recharts-surface').first()).toBeVisible();

  await page.reload();
  await expect(page).toHaveURL(/from=now-1h/);
  await expect(page.getByTestId('time-range-select')).toHaveValue('now-1h');
  await expect(
    page.getByTestId('team-panel').and(page.locator('[data-title="Orders in"]')),
  ).toBeVisible();
  const stored = await db().dashboard.findFirst({
    where: { teamId, name: dashName },
    include: { panels: true },
  });
  expect(stored?.panels.map((p) => [p.title, p.metric, p.chartType, p.jobIds])).toEqual([
    ['Orders in', 'records_in', 'area', [job.id]],
  ]);

  // Rename the dashboard: the tab and the heading follow, the change is audited.
  const renamed = `${dashName} renamed`;
  await page.getByTestId('rename-dashboard').click();
  await page.getByTestId('rename-dashboard-name').fill(renamed);
  await page.getByRole('button', { name: 'Save name' }).click();
  await expect(page.getByRole('heading', { level: 2, name: renamed })).toBeVisible();
  await expect(
    page.getByTestId('dashboard-tab').and(page.locator(`[data-name="${renamed}"]`)),
  ).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { level: 2, name: renamed })).toBeVisible();
  const audit = await db().auditLog.findFirst({
    where: { teamId, action: 'dashboard.rename', objectId: stored?.id },
  });
  expect(audit?.details).toEqual({ from: dashName, to: renamed });
});

test('measure: job dashboard with 10 panels over 24 h renders after its data arrives', async ({
  page,
}) => {
  const teamId = await demoTeamId();
  await openAs(page, EDITOR);
  const name = uniqueName('render_job');
  const job = await createJob(
    page,
    teamId,
    name,
    `SELECT order_id, amount FROM 'datagen://orders?seed=1' INTO 'file://${FILE_ROOT}/${name}.jsonl'`,
  );
  await writeMetrics(job.id, JOB_PANEL_SERIES, 24 * 60);

  // Timed in the page: when the last metrics.series answer has been read, and when every
  // panel has drawn its line (a MutationObserver), so test-runner polling does not count.
  await page.addInitScript({
    content: `
      const original = window.fetch;
      window.fetch = async (...args) => {
        const response = await original(...args);
        const url = String(args[0] instanceof Request ? args[0].url : args[0]);
        if (url.includes('metrics.series')) {
          response.clone().text().then(() => { window.__seriesAt = performance.now(); });
        }
        return response;
      };
      new MutationObserver(() => {
        const drawn = [...document.querySelectorAll('[data-testid="metric-panel"]')].filter(
          (panel) => panel.querySelector('.recharts-line-curve')).length;
        if (drawn >= 10 && !window.__drawnAt) window.__drawnAt = performance.now();
      }).observe(document, { childList: true, subtree: true });`,
  });
  await page.goto(`/jobs/${job.id}?tab=dashboard&from=now-24h&to=now`);
  const panels = page.getByTestId('metric-panel');
  await expect(panels).toHaveCount(10);
  type Timed = { __seriesAt?: number; __drawnAt?: number };
  await page.waitForFunction(() => ((globalThis as Timed).__drawnAt ?? 0) > 0, undefined, {
    timeout: 30_000,
  });
  const { seriesAt, drawnAt } = await page.evaluate(() => ({
    seriesAt: (globalThis as Timed).__seriesAt ?? 0,
    drawnAt: (globalThis as Timed).__drawnAt ?? 0,
  }));
  const dashboardRenderMs = Math.max(0, Math.round(drawnAt - seriesAt));
  console.log(`dashboardRenderMs=${dashboardRenderMs}`);
  recordResults({ dashboardRenderMs });
});
