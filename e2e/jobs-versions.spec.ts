/**
 * A job's Versions tab: Monaco's diff editor between any two saved versions, chosen with two
 * labelled selects (keyboard-reachable), the pair kept in the URL.
 */
import { AxeBuilder } from '@axe-core/playwright';
import { expect, type Locator, test } from '@playwright/test';
import { seriousAxeIssues } from './editor-support.ts';
import { createJob, demoTeamId, FILE_ROOT, trpc } from './jobs-fixtures.ts';
import { EDITOR, openAs, uniqueName } from './support.ts';

/**
 * The text of the lines one side of the diff marks as changed (`line-insert` on the modified
 * side, `line-delete` on the original), top to bottom: Monaco draws a whole-line decoration in
 * an overlay at the same height as the line it marks.
 */
async function markedLines(side: Locator, decoration: 'line-insert' | 'line-delete') {
  return side.evaluate((root, className) => {
    type El = {
      style: { top: string };
      textContent: string | null;
      parentElement: El | null;
      querySelectorAll(s: string): Iterable<El>;
    };
    const el = root as unknown as El;
    const tops = new Set<number>();
    for (const mark of el.querySelectorAll(`.view-overlays .${className}`)) {
      let line: El | null = mark;
      while (line && !line.style.top) line = line.parentElement;
      if (line) tops.add(Number.parseFloat(line.style.top));
    }
    return [...el.querySelectorAll('.view-line')]
      .map((line) => [Number.parseFloat(line.style.top), line.textContent ?? ''] as const)
      .filter(([top]) => tops.has(top))
      .sort((a, b) => a[0] - b[0])
      .map(([, text]) => text.replace(/\u00a0/g, ' '));
  }, decoration);
}

test('versions: Monaco diff between any two saved versions, chosen with the keyboard', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const teamId = await demoTeamId();
  await openAs(page, EDITOR);
  const name = uniqueName('versions_job');
  const into = `INTO 'file://${FILE_ROOT}/${name}.jsonl'`;
  const from = "FROM 'datagen://orders?seed=1'";
  const v1 = ['SELECT order_id, amount', from, into].join('\n');
  const v2 = ['SELECT order_id, amount, quantity', from, into].join('\n');
  const v3 = ['SELECT order_id, amount, quantity', from, 'WHERE amount > 100.00', into].join('\n');
  const job = await createJob(page, teamId, name, v1);
  for (const sql of [v2, v3]) {
    const updated = await trpc(page, 'mutation', 'job.update', { teamId, id: job.id, sql });
    expect(updated.message).toBeNull();
  }

  await page.goto(`/jobs/${job.id}?tab=versions`);
  const versions = page.getByTestId('job-versions');
  await expect(versions.locator('.version-list li')).toHaveCount(3);
  const diff = page.getByTestId('version-diff');
  const original = diff.locator('.original-in-monaco-diff-editor');
  const modified = diff.locator('.modified-in-monaco-diff-editor');

  await test.step('by default the newest version against the one before', async () => {
    await expect(page.getByLabel('From version')).toHaveValue('2');
    await expect(page.getByLabel('To version')).toHaveValue('3');
    await expect(page.getByTestId('version-diff-summary')).toHaveText('v2 → v3: 1 line added');
    await expect(diff.locator('.monaco-diff-editor')).toBeVisible();
    await expect
      .poll(() => markedLines(modified, 'line-insert'))
      .toEqual(['WHERE amount > 100.00']);
    expect(await markedLines(original, 'line-delete')).toEqual([]);
  });

  await test.step('v1 ↔ v3 picked with the keyboard: the changed lines of both sides', async () => {
    await page.getByLabel('From version').focus();
    await page.keyboard.press('ArrowUp');
    await expect(page.getByLabel('From version')).toHaveValue('1');
    await expect(page).toHaveURL(/[?&]from=1&to=3/);
    await expect(page.getByTestId('version-diff-summary')).toHaveText(
      'v1 → v3: 2 lines added, 1 removed',
    );
    await expect
      .poll(() => markedLines(original, 'line-delete'))
      .toEqual(['SELECT order_id, amount']);
    await expect
      .poll(() => markedLines(modified, 'line-insert'))
      .toEqual(['SELECT order_id, amount, quantity', 'WHERE amount > 100.00']);
    // The diff is a labelled region.
    await expect(page.getByRole('region', { name: 'Changes from v1 to v3' })).toBeVisible();
  });

  await test.step('the pair survives a reload; Swap reverses it', async () => {
    await page.reload();
    await expect(page.getByLabel('From version')).toHaveValue('1');
    await expect(page.getByLabel('To version')).toHaveValue('3');
    await page.getByTestId('version-swap').focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('version-diff-summary')).toHaveText(
      'v3 → v1: 1 line added, 2 removed',
    );
    await expect
      .poll(() => markedLines(modified, 'line-insert'))
      .toEqual(['SELECT order_id, amount']);
    // Each side's text box is named after the pair shown, also after the pair changed.
    await expect(page.getByRole('textbox', { name: 'Changes from v3 to v1: before' })).toHaveCount(
      1,
    );
    await expect(page.getByRole('textbox', { name: 'Changes from v3 to v1: after' })).toHaveCount(
      1,
    );
  });

  const axe = await new AxeBuilder({ page })
    .include('[data-testid=job-versions]')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21aa'])
    .analyze();
  expect(seriousAxeIssues(axe)).toEqual([]);
  await page.screenshot({ path: test.info().outputPath('job-versions.png') });
});
