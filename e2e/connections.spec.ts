import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import {
  OWNER,
  openAs,
  postgresFromDatabaseUrl,
  selectTeam,
  uniqueName,
  VIEWER,
} from './support.ts';

const databaseUrl = process.env.DATABASE_URL ?? '';
const kafkaBrokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
// File connections must lie inside the console's VELO_FILE_ROOT (playwright.config.ts sets it).
const ORDERS_DIR = path.join(process.env.VELO_FILE_ROOT ?? '.velo/files', 'e2e');
const ORDERS_FILE = path.join(ORDERS_DIR, 'orders.jsonl');
mkdirSync(ORDERS_DIR, { recursive: true });

function connectionRow(page: Page, name: string) {
  return page.locator(`[data-testid="connection-row"][data-name="${name}"]`);
}

async function testConnectionSucceeds(page: Page, name: string) {
  const row = connectionRow(page, name);
  await row.getByTestId('test-connection').click();
  // The server really connects (SELECT 1 / Kafka metadata) and answers within 10 s.
  await expect(row.getByTestId('test-result')).toHaveText(/^Connected in \d+ ms$/, {
    timeout: 15_000,
  });
  await expect(row.getByTestId('test-result')).toHaveAttribute('data-ok', 'true');
}

test('owner connects Postgres and Kafka and tests them; the viewer sees them read-only', async ({
  page,
}) => {
  const postgres = postgresFromDatabaseUrl(databaseUrl);
  const postgresName = uniqueName('orders_db');
  const kafkaName = uniqueName('events_kafka');

  await test.step('open the console as the seeded owner', async () => {
    await openAs(page, OWNER);
    await selectTeam(page, 'Demo');
    await page.getByTestId('nav-connections').click();
    await expect(page.getByRole('heading', { name: 'Connections', level: 1 })).toBeVisible();
  });

  await test.step('create a Postgres connection to the test database', async () => {
    await page.getByTestId('new-connection').first().click();
    const form = page.getByTestId('connection-form');
    await form.getByTestId('field-name').fill(postgresName);
    await form.getByTestId('field-type').selectOption('postgresql');
    await form.getByTestId('field-host').fill(postgres.host);
    await form.getByTestId('field-port').fill(postgres.port);
    await form.getByTestId('field-database').fill(postgres.database);
    await form.getByTestId('field-user').fill(postgres.user);
    await form.getByTestId('field-password').fill(postgres.password);
    await form.getByTestId('save-connection').click();
    await expect(form).toBeHidden();
    const row = connectionRow(page, postgresName);
    await expect(row.getByTestId('connection-summary')).toHaveText(
      `${postgres.user}@${postgres.host}:${postgres.port}/${postgres.database}`,
    );
    await expect(row.getByTestId('has-secret')).toBeVisible();
    // The stored password never comes back: editing shows an empty field and says so.
    await row.getByTestId('edit-connection').click();
    await expect(form.getByTestId('field-host')).toHaveValue(postgres.host);
    await expect(form.getByTestId('field-password')).toHaveValue('');
    await expect(form).toContainText('Leave blank to keep the stored secret.');
    await form.getByRole('button', { name: 'Cancel' }).click();
    await expect(form).toBeHidden();
  });

  await test.step('press Test on the Postgres connection and see success', async () => {
    await testConnectionSucceeds(page, postgresName);
  });

  await test.step('create a Kafka connection to the local broker', async () => {
    await page.getByTestId('new-connection').first().click();
    const form = page.getByTestId('connection-form');
    await form.getByTestId('field-name').fill(kafkaName);
    await form.getByTestId('field-type').selectOption('kafka');
    await form.getByTestId('field-brokers').fill(kafkaBrokers);
    await form.getByTestId('field-clientId').fill('velo-e2e');
    await form.getByTestId('save-connection').click();
    await expect(form).toBeHidden();
    await expect(connectionRow(page, kafkaName).getByTestId('connection-summary')).toHaveText(
      kafkaBrokers.split(',').join(', '),
    );
  });

  await test.step('press Test on the Kafka connection and see success', async () => {
    await testConnectionSucceeds(page, kafkaName);
  });

  await test.step('open it as the viewer and see no edit controls', async () => {
    await openAs(page, VIEWER);
    await selectTeam(page, 'Demo');
    await page.getByTestId('nav-connections').click();
    await expect(connectionRow(page, postgresName)).toBeVisible();
    await expect(connectionRow(page, kafkaName)).toBeVisible();
    await expect(page.getByTestId('current-role')).toHaveText('Viewer');
    await expect(page.getByTestId('new-connection')).toHaveCount(0);
    await expect(page.getByTestId('edit-connection')).toHaveCount(0);
    await expect(page.getByTestId('delete-connection')).toHaveCount(0);
    await expect(page.getByTestId('test-connection')).toHaveCount(0);
  });
});

test('owner sees validation messages next to the fields, edits a connection and deletes it after confirming', async ({
  page,
}) => {
  const name = uniqueName('files');
  await openAs(page, OWNER);
  await selectTeam(page, 'Demo');
  await page.getByTestId('nav-connections').click();

  await page.getByTestId('new-connection').first().click();
  const form = page.getByTestId('connection-form');
  await form.getByTestId('field-name').fill('bad name!');
  await form.getByTestId('field-port').fill('70000');
  await form.getByTestId('save-connection').click();
  await expect(form.getByTestId('field-error-name')).toHaveText(
    'Name may only contain letters, digits, "_" and "-"',
  );
  await expect(form.getByTestId('field-error-host')).toHaveText('Host is required');
  await expect(form.getByTestId('field-error-port')).toHaveText(
    'Port must be a whole number between 1 and 65535',
  );
  await expect(form.getByTestId('field-error-database')).toHaveText('Database is required');

  await form.getByTestId('field-name').fill(name);
  await form.getByTestId('field-type').selectOption('file');
  await form.getByTestId('field-path').fill('relative/orders.jsonl');
  await form.getByTestId('save-connection').click();
  await expect(form.getByTestId('field-error-path')).toHaveText(
    'Path must be absolute (start with "/")',
  );
  await form.getByTestId('field-path').fill(ORDERS_FILE);
  await form.getByTestId('save-connection').click();
  await expect(form).toBeHidden();
  const row = connectionRow(page, name);
  await expect(row.getByTestId('connection-summary')).toHaveText(`${ORDERS_FILE} (jsonl)`);

  await row.getByTestId('edit-connection').click();
  await expect(form.getByTestId('field-path')).toHaveValue(ORDERS_FILE);
  await form.getByTestId('field-format').selectOption('csv');
  await form.getByTestId('save-connection').click();
  await expect(form).toBeHidden();
  await expect(row.getByTestId('connection-summary')).toHaveText(`${ORDERS_FILE} (csv)`);

  await row.getByTestId('delete-connection').click();
  const confirm = page.getByTestId('confirm-dialog');
  await expect(confirm).toContainText(name);
  await confirm.getByTestId('confirm-button').click();
  await expect(row).toHaveCount(0);
});
