/**
 * The SQL workspace journeys (issue 9): typing with the keyboard against a datagen source,
 * diagnostics and a quick fix, preview in the browser (exact DECIMALs, table and changelog),
 * two statements with their own result tabs and a division by zero in the dead letters, and
 * axe-core in both themes. Measured numbers go to e2e/results/console.json.
 */
import { writeFileSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { collectJs, editorText, resultRows, typeSql, waitForEditor } from './editor-support.ts';
import { EDITOR, signIn } from './support.ts';

const DEBOUNCE_MS = 250;
const measured: Record<string, number> = {};

test.afterAll(() => {
  if (Object.keys(measured).length === 0) return;
  const path = new URL('./results/console.json', import.meta.url);
  writeFileSync(
    path,
    `${JSON.stringify({ measuredAt: new Date().toISOString(), ...measured }, null, 2)}\n`,
  );
});

test('journey 1: type SQL over datagen, fix an unknown column, preview exact rows, table and changelog', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await signIn(page, EDITOR);

  await test.step('open the editor: Monaco from our own origin, nothing from elsewhere', async () => {
    const js = collectJs(page);
    await page.goto('/editor');
    await waitForEditor(page);
    // performance.now() in the page counts from navigation start.
    measured.editorInteractiveMs = Math.round(
      Number(await page.locator('html').getAttribute('data-editor-ready')),
    );
    await page.waitForLoadState('networkidle');
    measured.editorJsKb = await js.gzipKb();
    expect(js.foreign).toEqual([]);
  });

  await test.step('preview the default 10,000-record tumbling-window query (timed)', async () => {
    const t0 = Date.now();
    await page.getByTestId('preview-all-button').click();
    await page.getByTestId('result-row').first().waitFor();
    measured.previewFirstRowsMs = Date.now() - t0;
    await expect(page.getByTestId('preview-status')).toHaveText(
      /^Finished: every source ended · 10,000 records in, 20 out in \d+ ms$/,
    );
  });

  await test.step('type a query in a new tab; the unknown column gets a marker with the hint', async () => {
    await page.getByTestId('new-tab').click();
    await typeSql(page, [
      'SELECT prodct, COUNT(*) AS orders, SUM(amount * quantity) AS revenue',
      "FROM 'datagen://orders?limit=600'",
      'GROUP BY product',
      'WINDOW TUMBLING(1m)',
      'EMIT CHANGES',
    ]);
    expect(await editorText(page)).toBe(
      [
        'SELECT prodct, COUNT(*) AS orders, SUM(amount * quantity) AS revenue',
        "FROM 'datagen://orders?limit=600'",
        'GROUP BY product',
        'WINDOW TUMBLING(1m)',
        'EMIT CHANGES',
      ].join('\n'),
    );
    await expect(page.locator('.monaco-editor .squiggly-error')).toHaveCount(1);
    await expect(page.getByTestId('diagnostic-count')).toHaveText('1 error');
    // The squiggle is drawn under the text layer: point the mouse at it as a person would.
    const squiggle = await page.locator('.monaco-editor .squiggly-error').boundingBox();
    expect(squiggle).not.toBeNull();
    const at = { x: squiggle!.x + squiggle!.width / 2, y: squiggle!.y + squiggle!.height / 2 };
    await page.mouse.move(at.x, at.y);
    await expect(page.locator('.monaco-hover').first()).toContainText(
      'column "prodct" does not exist',
    );
    await expect(page.locator('.monaco-hover').first()).toContainText(
      'hint: did you mean "product"?',
    );
  });

  await test.step('accept the quick fix', async () => {
    const squiggle = await page.locator('.monaco-editor .squiggly-error').boundingBox();
    await page.mouse.click(squiggle!.x + squiggle!.width / 2, squiggle!.y + squiggle!.height / 2);
    await page.keyboard.press('Control+.');
    await expect(page.getByText('Change to product').first()).toBeVisible();
    // Diagnostics latency: the edit → the engine's answer on screen, less the typing debounce.
    const edited = Date.now();
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      () =>
        (
          globalThis as unknown as {
            document: { querySelector(s: string): { textContent: string | null } | null };
          }
        ).document.querySelector('[data-testid=diagnostic-count]')?.textContent === 'No errors',
      null,
      { polling: 'raf' },
    );
    measured.diagnosticsMs = Math.max(0, Date.now() - edited - DEBOUNCE_MS);
    measured.engineValidateMs = Number(
      await page.locator('html').getAttribute('data-diagnostics-ms'),
    );
    await expect(page.getByTestId('diagnostic-count')).toHaveText('No errors');
    expect((await editorText(page)).split('\n')[0]).toBe(
      'SELECT product, COUNT(*) AS orders, SUM(amount * quantity) AS revenue',
    );
  });

  await test.step('Ctrl-Enter previews: one row per product in table mode, decimals exact', async () => {
    await page.keyboard.press('Control+Enter');
    await expect(page.getByTestId('preview-status')).toHaveText(
      /^Finished: every source ended · 600 records in, 600 out in \d+ ms$/,
    );
    await expect(page.getByTestId('result-tab').first()).toHaveText('Statement 110');
    expect(await resultRows(page)).toEqual([
      ['camera', '62', '89720.48'],
      ['laptop', '62', '171275.69'],
      ['headphones', '57', '23203.60'],
      ['tablet', '72', '78212.45'],
      ['keyboard', '68', '14578.44'],
      ['mouse', '59', '4686.18'],
      ['monitor', '65', '36540.08'],
      ['phone', '56', '154199.00'],
      ['router', '57', '12683.21'],
      ['printer', '42', '21021.06'],
    ]);
  });

  await test.step('switch to changelog: every change with its op', async () => {
    await page.getByText('Changelog', { exact: true }).click();
    await expect(page.getByTestId('mode-changelog')).toBeChecked();
    const rows = await resultRows(page);
    expect(rows.slice(0, 4)).toEqual([
      ['+I', 'camera', '1', '843.62'],
      ['+I', 'laptop', '1', '1286.33'],
      ['+U', 'camera', '2', '3372.38'],
      ['+I', 'headphones', '1', '686.08'],
    ]);
    await page.getByText('Table', { exact: true }).click();
    await expect(page.getByTestId('result-row')).toHaveCount(10);
  });

  await page.screenshot({ path: test.info().outputPath('journey-1.png') });
  expect(errors).toEqual([]);
});

test('journey 3: two statements give two result tabs; a division by zero is a dead letter with its position', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await signIn(page, EDITOR);
  await page.goto('/editor');
  await waitForEditor(page);
  await page.getByTestId('new-tab').click();
  const lines = [
    "SELECT order_id, amount FROM 'datagen://orders?limit=3';",
    "SELECT order_id, amount / (quantity - quantity) AS x FROM 'datagen://orders?limit=3' INTO 'kafka://@local/big_orders';",
  ];
  await typeSql(page, lines);
  expect(await editorText(page)).toBe(lines.join('\n'));
  await expect(page.getByTestId('diagnostic-count')).toHaveText('No errors');
  await page.keyboard.press('Control+Shift+Enter');
  // Both statements read the same URI: one engine source, read once, feeding both.
  await expect(page.getByTestId('preview-status')).toHaveText(
    /^Finished: every source ended · 3 records in, 3 out in \d+ ms$/,
  );
  await expect(page.getByTestId('result-tab')).toHaveText([
    'Statement 13',
    '→ kafka://@local/big_orders0',
    'Dead letters (3)',
    'Stats',
  ]);
  expect(await resultRows(page)).toEqual([
    ['1', '843.62'],
    ['2', '1286.33'],
    ['3', '842.92'],
  ]);
  await page.getByTestId('result-tab').nth(1).click();
  await expect(page.getByText('No rows.')).toBeVisible();
  await page.getByTestId('result-tab').nth(2).click();
  const deadLetters = page.getByTestId('dead-letter');
  await expect(deadLetters).toHaveCount(3);
  await expect(deadLetters.first().locator('td').nth(0)).toHaveText('division by zero');
  await expect(deadLetters.first().locator('td').nth(1)).toHaveText('line 2, column 18');
  await deadLetters.first().getByRole('button', { name: 'line 2, column 18' }).click();
  await expect(page.locator('.monaco-editor .cursors-layer .cursor').first()).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('journey-3.png') });
});

for (const theme of ['light', 'dark'] as const) {
  test(`accessibility: the editor page has no serious or critical axe issues (${theme} theme)`, async ({
    page,
  }) => {
    await signIn(page, EDITOR);
    await page.goto('/editor');
    await page.evaluate((choice) => {
      const storage = (
        globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }
      ).localStorage;
      storage.setItem('velo.theme', choice);
    }, theme);
    await page.reload();
    await waitForEditor(page);
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    await page.getByTestId('preview-all-button').click();
    await expect(page.getByTestId('result-row').first()).toBeVisible();
    const results = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21aa'])
      .analyze();
    const serious = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(serious).toEqual([]);
  });
}

test('save as job: the SQL becomes job version 1; an edit saved again is version 2', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const name = `editor job ${Date.now().toString(36)}`;
  await signIn(page, EDITOR);
  await page.goto('/editor');
  await waitForEditor(page);
  await page.getByTestId('save-job-button').click();
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Restart policy').selectOption('always');
  await page.getByLabel('Parallelism').fill('2');
  await page.getByTestId('save-job-submit').click();
  await expect(page.getByTestId('editor-notice')).toHaveText(`Saved job "${name}", version 1.`);
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('-- tuned', { delay: 25 });
  await expect(page.getByTestId('query-tab').first()).toContainText('(unsaved changes)');
  await page.getByTestId('save-job-button').click();
  await page.getByTestId('save-job-submit').click();
  await expect(page.getByTestId('editor-notice')).toHaveText(`Saved job "${name}", version 2.`);
  await expect(page.getByTestId('query-tab').first()).not.toContainText('(unsaved changes)');
});
