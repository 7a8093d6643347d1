/**
 * Journey 2 of the SQL workspace (issue 9): preview a Kafka topic holding known records through
 * a saved connection, from the catalog (connection → topic → sampled column types → Preview
 * source) and from SQL typed with completion of the topic's URI: exact rows, DECIMALs exactly as
 * they were written. Needs the Kafka broker at KAFKA_BROKERS (127.0.0.1:9092 by default).
 */
import { AxeBuilder } from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { Kafka, logLevel } from 'kafkajs';
import { editorText, resultRows, waitForEditor } from './editor-support.ts';
import { demoTeamId, trpc } from './jobs-fixtures.ts';
import { OWNER, openAs, uniqueName } from './support.ts';

const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const RECORDS = [
  { id: 1, amount: '123450.00', note: 'a' },
  { id: 2, amount: '0.10', note: 'b' },
  { id: 3, amount: '99999999999999.99', note: 'c' },
  { id: 4, amount: '7.5', note: 'd' },
];
// JSON numbers written with their digits, as producers send them: the engine keeps the scale.
const VALUES = RECORDS.map((r) => `{"id":${r.id},"amount":${r.amount},"note":"${r.note}"}`);

const suffix = uniqueName('j2');
const topic = `velo_e2e_catalog_${suffix}`;
const connection = `e2e-kafka-${suffix.replace(/_/g, '-')}`;
const kafka = new Kafka({
  clientId: 'velo-e2e-journey-2',
  brokers: BROKERS,
  logLevel: logLevel.NOTHING,
});

test.beforeAll(async () => {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages: VALUES.map((value) => ({ value })) });
  await producer.disconnect();
});

test.afterAll(async () => {
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
});

/** The editor's text cleared with the keyboard. */
async function clearEditor(page: Page) {
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
}

test('journey 2: preview a Kafka topic with known records through a saved connection', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await openAs(page, OWNER);
  const teamId = await demoTeamId();
  const created = await trpc(page, 'mutation', 'connection.create', {
    teamId,
    name: connection,
    type: 'kafka',
    config: { brokers: BROKERS },
  });
  expect(created.message).toBeNull();

  await page.goto('/editor');
  await waitForEditor(page);
  const catalog = page.getByTestId('catalog');
  const saved = catalog.locator(`[data-testid=catalog-connection][data-name="${connection}"]`);
  const item = saved.locator(`[data-testid=catalog-object][data-name="${topic}"]`);

  await test.step('the catalog lists the connection’s topic, and its columns with sampled types', async () => {
    await saved.getByRole('button', { name: new RegExp(`kafka ${connection}`) }).click();
    await expect(item).toBeVisible();
    await expect(item.getByRole('button', { name: new RegExp(`^${topic}`) })).toContainText(
      `${topic} 1 partition`,
    );
    await item.getByRole('button', { name: new RegExp(`^${topic}`) }).click();
    await expect(item.getByTestId('catalog-columns').getByRole('listitem')).toHaveText([
      'id INTEGER',
      'amount DECIMAL(16,2)',
      'note STRING',
    ]);
    // The expanded tree (toggles, icon buttons, typed columns) is as accessible as the page.
    const axe = await new AxeBuilder({ page })
      .include('[data-testid=catalog]')
      .withTags(['wcag2a', 'wcag2aa', 'wcag21aa'])
      .analyze();
    expect(
      axe.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    ).toEqual([]);
  });

  await test.step('Preview source shows the topic’s records exactly', async () => {
    await item.getByRole('button', { name: `Preview ${topic}` }).click();
    await expect(page.getByTestId('preview-status')).toHaveText(
      /^Finished: every source ended · 4 records in, 4 out in \d+ ms$/,
    );
    await expect(page.getByTestId('result-grid').locator('thead th')).toHaveText([
      'id',
      'amount',
      'note',
    ]);
    expect(await resultRows(page)).toEqual(RECORDS.map((r) => [String(r.id), r.amount, r.note]));
  });

  await test.step('insert a column name from the catalog into the editor', async () => {
    await clearEditor(page);
    await item
      .getByTestId('catalog-columns')
      .getByRole('button', { name: /^amount/ })
      .click();
    expect(await editorText(page)).toBe('amount');
  });

  await test.step('type SQL: completion offers the topic after the connection’s URI; Ctrl-Enter previews', async () => {
    await clearEditor(page);
    await page.keyboard.type(`SELECT note, amount FROM 'kafka://@${connection}/`, { delay: 20 });
    // The '/' opens the connection's topics (the shared broker holds many): narrow by typing.
    const widget = page.locator('.monaco-editor .suggest-widget');
    await expect(widget.locator('.monaco-list-row').first()).toContainText(
      `kafka://@${connection}/`,
    );
    await page.keyboard.type(topic.slice(0, -4), { delay: 20 });
    const suggestion = widget
      .locator('.monaco-list-row')
      .filter({ hasText: `kafka://@${connection}/${topic}` });
    await expect(suggestion).toHaveCount(1);
    await expect(suggestion).toContainText('topic · 1 partition');
    await page.keyboard.press('Enter');
    // Monaco closed the quote when it was typed: step over it (or close it if it did not).
    await page.keyboard.press('End');
    const closed = (await editorText(page)).endsWith(`${topic}'`);
    await page.keyboard.type(`${closed ? '' : "'"} WHERE amount > 1.00`, { delay: 20 });
    await page.keyboard.press('Escape');
    expect(await editorText(page)).toBe(
      `SELECT note, amount FROM 'kafka://@${connection}/${topic}' WHERE amount > 1.00`,
    );
    await expect(page.getByTestId('diagnostic-count')).toHaveText('No errors');
    await page.keyboard.press('Control+Enter');
    await expect(page.getByTestId('preview-status')).toHaveText(
      /^Finished: every source ended · 4 records in, 3 out in \d+ ms$/,
    );
    expect(await resultRows(page)).toEqual([
      ['a', '123450.00'],
      ['c', '99999999999999.99'],
      ['d', '7.5'],
    ]);
  });

  await page.screenshot({ path: test.info().outputPath('journey-2.png') });
  expect(errors).toEqual([]);
});
