/**
 * Columns the catalog sampled feed the editor (issue 9): a query naming a column a Kafka topic
 * lacks is marked once the topic's columns are known (not before), with the engine's message,
 * hint and quick fix, and hover shows a column's type and source. Hover also shows the
 * precision and scale a CAST declares for an output column. Needs the Kafka broker at
 * KAFKA_BROKERS (127.0.0.1:9092 by default).
 */
import { expect, type Page, test } from '@playwright/test';
import { Kafka, logLevel } from 'kafkajs';
import { editorText, typeSql, waitForEditor, wordBox } from './editor-support.ts';
import { demoTeamId, trpc } from './jobs-fixtures.ts';
import { OWNER, openAs, uniqueName } from './support.ts';

const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const VALUES = ['{"id":1,"amount":123450.00,"note":"a"}', '{"id":2,"amount":7.5,"note":"b"}'];

const suffix = uniqueName('cols');
const topic = `velo_e2e_columns_${suffix}`;
const connection = `e2e-cols-${suffix.replace(/_/g, '-')}`;
const kafka = new Kafka({
  clientId: 'velo-e2e-columns',
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

/** The shown hover after the mouse comes to rest on the word `text`, as a person's would. */
async function hoverOn(page: Page, text: string) {
  await page.mouse.move(0, 0);
  await expect(page.locator('.monaco-hover:not(.hidden)')).toHaveCount(0);
  const box = (await wordBox(page, text))!;
  expect(box).not.toBeNull();
  await page.mouse.move(box.x + box.width / 2 - 2, box.y + box.height / 2);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  return page.locator('.monaco-hover:not(.hidden)');
}

test('columns sampled in the catalog mark an unknown column of a Kafka topic, with a quick fix', async ({
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
  const uri = `kafka://@${connection}/${topic}`;

  await page.goto('/editor');
  await waitForEditor(page);
  const catalog = page.getByTestId('catalog');
  const saved = catalog.locator(`[data-testid=catalog-connection][data-name="${connection}"]`);
  const item = saved.locator(`[data-testid=catalog-object][data-name="${topic}"]`);

  await test.step('before the topic is sampled, no column is marked', async () => {
    await saved.getByRole('button', { name: new RegExp(`kafka ${connection}`) }).click();
    await expect(item).toBeVisible();
    await page.getByTestId('new-tab').click();
    await typeSql(page, ['SELECT nte, amount FROM ']);
    await item.getByTestId('catalog-insert').click();
    expect(await editorText(page)).toBe(`SELECT nte, amount FROM '${uri}'`);
    // The diagnosis of this text ran: the panel lists its source, columns not known yet.
    await expect(catalog.locator('.catalog-source', { hasText: uri })).toContainText('· sampled');
    await expect(catalog.getByText('Columns appear once it is sampled')).toBeVisible();
    await expect(page.getByTestId('diagnostic-count')).toHaveText('No errors');
    await expect(page.locator('.monaco-editor .squiggly-error')).toHaveCount(0);
  });

  await test.step('opening the topic in the catalog samples its columns: nte is marked', async () => {
    await item.getByRole('button', { name: new RegExp(`^${topic}`) }).click();
    await expect(item.getByTestId('catalog-columns').getByRole('listitem')).toHaveText([
      'id INTEGER',
      'amount DECIMAL(8,2)',
      'note STRING',
    ]);
    await expect(page.getByTestId('diagnostic-count')).toHaveText('1 error');
    await expect(page.locator('.monaco-editor .squiggly-error')).toHaveCount(1);
    const squiggle = (await page.locator('.monaco-editor .squiggly-error').boundingBox())!;
    const at = { x: squiggle.x + squiggle.width / 2, y: squiggle.y + squiggle.height / 2 };
    await page.mouse.move(at.x - 2, at.y);
    await page.mouse.move(at.x, at.y);
    const hover = page.locator('.monaco-hover:not(.hidden)');
    await expect(hover).toContainText('column "nte" does not exist');
    await expect(hover).toContainText('hint: did you mean "note"?');
  });

  await test.step('the quick fix replaces it; hover shows a column’s type and source', async () => {
    const squiggle = (await page.locator('.monaco-editor .squiggly-error').boundingBox())!;
    await page.mouse.click(squiggle.x + squiggle.width / 2, squiggle.y + squiggle.height / 2);
    await page.keyboard.press('Control+.');
    await expect(page.getByText('Change to note').first()).toBeVisible();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('diagnostic-count')).toHaveText('No errors');
    expect(await editorText(page)).toBe(`SELECT note, amount FROM '${uri}'`);
    // 123450.00 and 7.5 sampled: 6 integer digits + scale 2.
    await expect(await hoverOn(page, 'amount')).toContainText(
      `amount DECIMAL(8,2) · column of ${uri}`,
    );
    await expect(await hoverOn(page, 'note')).toContainText(`note STRING · column of ${uri}`);
  });

  await page.screenshot({ path: test.info().outputPath('sampled-columns.png') });
  expect(errors).toEqual([]);
});

test('hover shows DECIMAL(p,s) of columns and output columns as the engine derives them; functions keep their docs', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await openAs(page, OWNER);
  await page.goto('/editor');
  await waitForEditor(page);
  await page.getByTestId('new-tab').click();
  // Short lines: a long one scrolls sideways and its start leaves the screen.
  await typeSql(page, [
    'SELECT CAST(amount AS DECIMAL(12, 2)) AS price,',
    'round(amount, 1) AS r',
    "FROM 'datagen://orders?limit=5'",
  ]);
  await expect(page.getByTestId('diagnostic-count')).toHaveText('No errors');
  await expect(await hoverOn(page, 'price')).toContainText(
    'price DECIMAL(12,2) · output column of statement 1',
  );
  // ROUND(DECIMAL(10,2), 1): scale 1, one more integer digit for the carry.
  await expect(await hoverOn(page, 'r')).toContainText(
    'r DECIMAL(10,1) · output column of statement 1',
  );
  await expect(await hoverOn(page, 'amount')).toContainText(
    'amount DECIMAL(10,2) · column of datagen://orders?limit=5',
  );
  await expect(await hoverOn(page, 'round')).toContainText('ROUND(x, n?) → type of x');
});
