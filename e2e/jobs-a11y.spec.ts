/**
 * Journey 5: axe-core on the jobs list, a job's detail, dashboards and lineage, in both
 * themes: no serious or critical issues.
 */
import { AxeBuilder } from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { createJob, demoTeamId, FILE_ROOT, recordLineage } from './jobs-fixtures';
import { EDITOR, openAs, uniqueName } from './support';

async function seriousIssues(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21aa'])
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

for (const theme of ['light', 'dark'] as const) {
  test(`accessibility: jobs, job detail, dashboards and lineage (${theme} theme)`, async ({
    page,
  }) => {
    test.setTimeout(120_000);
    const teamId = await demoTeamId();
    await openAs(page, EDITOR);
    const name = uniqueName('a11y_job');
    const sql = `SELECT order_id, amount FROM 'datagen://orders?seed=1' INTO 'file://${FILE_ROOT}/${name}.jsonl'`;
    const job = await createJob(page, teamId, name, sql);
    await recordLineage(teamId, job, sql);
    await page.evaluate((choice) => {
      const storage = (
        globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }
      ).localStorage;
      storage.setItem('velo.theme', choice);
    }, theme);

    const pages: [string, string][] = [
      ['/jobs', 'jobs-page'],
      [`/jobs/${job.id}`, 'job-dashboard'],
      [`/jobs/${job.id}?tab=graph`, 'job-graph'],
      ['/dashboards', 'dashboards-page'],
      [`/lineage?focus=${job.id}&depth=1`, 'lineage-graph'],
    ];
    const found: Record<string, string[]> = {};
    for (const [path, testId] of pages) {
      await page.goto(path);
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      await expect(page.getByTestId(testId)).toBeVisible();
      if (testId === 'lineage-graph') {
        await expect(page.getByTestId(testId)).toHaveAttribute('data-laid-out', 'true');
      }
      found[path] = await seriousIssues(page);
    }
    expect(found).toEqual(Object.fromEntries(pages.map(([path]) => [path, []])));
  });
}
