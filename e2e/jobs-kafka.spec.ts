/**
 * Journey 1: from the editor, save a Kafka → Kafka job, start it, see RUNNING and a non-zero
 * records/s chart while records are produced, open its dead letters after a malformed record
 * (reason shown), stop it, see STOPPED. While it runs: the job graph colours its operators by
 * busy time, and the Output tab tails the sink (exact values, pausable). Measures
 * jobStartToRunningMs.
 *
 * Needs a worker on the console's database (README: `npm start` starts one). The journey is
 * skipped, saying why, when no worker answers on WORKER_HEALTH_URL.
 */
import { expect, test } from '@playwright/test';
import { Kafka, logLevel } from 'kafkajs';
import { typeSql, waitForEditor } from './editor-support';
import { db, recordResults } from './jobs-fixtures';
import { EDITOR, openAs, uniqueName } from './support';

const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const WORKER_HEALTH_URL = process.env.WORKER_HEALTH_URL ?? 'http://127.0.0.1:9464/healthz';

async function workerProblem(): Promise<string | null> {
  try {
    const response = await fetch(WORKER_HEALTH_URL, { signal: AbortSignal.timeout(2000) });
    return response.ok ? null : `the worker at ${WORKER_HEALTH_URL} answered ${response.status}`;
  } catch (error) {
    return `no worker answers at ${WORKER_HEALTH_URL} (${(error as Error).message}); start one on the console's DATABASE_URL (npx tsx apps/worker/src/main.ts) or set WORKER_HEALTH_URL`;
  }
}

test('Kafka → Kafka job from the editor: RUNNING, records/s, dead letters, STOPPED', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const problem = await workerProblem();
  if (problem) console.log(`journey 1 skipped: ${problem}`);
  test.skip(problem !== null, problem ?? '');

  const suffix = uniqueName('j1');
  const input = `velo_e2e_in_${suffix}`;
  const output = `velo_e2e_out_${suffix}`;
  const kafka = new Kafka({ brokers: BROKERS, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: [
      { topic: input, numPartitions: 1 },
      { topic: output, numPartitions: 1 },
    ],
  });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  let producing = true;
  const produce = (async () => {
    let i = 0;
    while (producing) {
      await producer.send({
        topic: input,
        messages: Array.from({ length: 20 }, () => ({
          value: JSON.stringify({ id: i++, amount: '12.50' }),
        })),
      });
      await new Promise((r) => setTimeout(r, 200));
    }
  })();

  try {
    const name = `kafka job ${suffix}`;
    await openAs(page, EDITOR);
    await page.goto('/editor');
    await waitForEditor(page);
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await typeSql(page, [
      `SELECT id, amount FROM 'kafka://${BROKERS[0]}/${input}?format=json&group_id=${suffix}'`,
      `INTO 'kafka://${BROKERS[0]}/${output}?format=json'`,
    ]);
    await page.getByTestId('save-job-button').click();
    await page.getByLabel('Name').fill(name);
    await page.getByTestId('save-job-submit').click();
    await expect(page.getByTestId('editor-notice')).toHaveText(`Saved job "${name}", version 1.`);
    const job = await db().job.findFirstOrThrow({ where: { name } });

    await page.goto(`/jobs/${job.id}`);
    const clicked = Date.now();
    await page.getByTestId('start-job').click();
    await expect(page.getByTestId('job-state')).toHaveText('Running', { timeout: 10_000 });
    const jobStartToRunningMs = Date.now() - clicked;
    console.log(`jobStartToRunningMs=${jobStartToRunningMs}`);
    recordResults({ jobStartToRunningMs });

    await page.goto(`/jobs/${job.id}?tab=dashboard&from=now-5m&to=now&refresh=1s`);
    const records = page
      .getByTestId('metric-panel')
      .and(page.locator('[data-title="Records in / out per second"]'));
    await expect(records.locator('.recharts-line-curve').first()).toBeVisible({ timeout: 10_000 });
    // Non-zero: the stored per-second values of records_in for this job.
    await expect
      .poll(
        async () => {
          const rows = await db().$queryRaw<{ n: bigint }[]>`
            SELECT count(*) AS n FROM "MetricMinute" m JOIN "MetricSeries" s ON s.id = m."seriesId",
              unnest(m.seconds) AS v
            WHERE s."jobId" = ${job.id} AND s.name = 'records_in' AND v > 0`;
          return Number(rows[0]?.n ?? 0);
        },
        { timeout: 10_000 },
      )
      .toBeGreaterThan(0);

    // The graph of the RUNNING job: operators coloured by their busy time.
    await page.getByTestId('job-tab-graph').click();
    await expect(page.getByTestId('job-graph-legend')).toContainText(
      'Operators are coloured by busy time',
      { timeout: 20_000 },
    );
    await expect(
      page.locator('[data-testid="plan-node"]:is(.plan-busy-low, .plan-busy-mid, .plan-busy-high)'),
    ).not.toHaveCount(0);

    // The live tail of the sink: the newest records, exactly as emitted; Pause freezes them.
    await page.getByTestId('job-tab-output').click();
    const tailRows = page.getByTestId('output-tail-row');
    await expect(tailRows.first()).toBeVisible({ timeout: 15_000 });
    await expect(tailRows.last().locator('td').nth(2)).toHaveText('12.50');
    await expect(page.getByTestId('output-tail-sink')).toContainText(output);
    await page.getByTestId('output-tail-pause').click();
    const frozen = await tailRows.last().locator('td').nth(1).textContent();
    await page.waitForTimeout(2500);
    await expect(tailRows.last().locator('td').nth(1)).toHaveText(frozen ?? '');
    await page.getByTestId('output-tail-pause').click();
    await expect(tailRows.last().locator('td').nth(1)).not.toHaveText(frozen ?? '', {
      timeout: 10_000,
    });

    await producer.send({ topic: input, messages: [{ value: '{not json' }] });
    await page.getByTestId('job-tab-deadLetters').click();
    await expect(page.getByTestId('dead-letter-reason').first()).not.toBeEmpty({
      timeout: 15_000,
    });

    await page.getByTestId('stop-job').click();
    await page.getByTestId('confirm-button').click();
    await expect(page.getByTestId('job-state')).toHaveText('Stopped', { timeout: 15_000 });
  } finally {
    producing = false;
    await produce;
    await producer.disconnect();
  }
});
