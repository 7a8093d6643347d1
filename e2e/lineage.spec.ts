/**
 * Journey 3: lineage. A job's source and sink appear connected through the job; clicking an
 * output column highlights the input column it comes from (and not its sibling); clicking the
 * job opens it. Also measures lineageLayoutMs: ELK's layout of a 200-node graph in the page.
 */
import { expect, test } from '@playwright/test';
import {
  createJob,
  db,
  demoTeamId,
  FILE_ROOT,
  recordLineage,
  recordResults,
} from './jobs-fixtures';
import { EDITOR, OWNER, selectTeam, signIn, uniqueName } from './support';

test('source and sink connected; an output column highlights its input column', async ({
  page,
}) => {
  const teamId = await demoTeamId();
  await signIn(page, EDITOR);
  const name = uniqueName('lineage_job');
  const sink = `${name}_out`;
  const sql = `SELECT order_id, amount * 2 AS doubled FROM 'datagen://orders?seed=1' INTO 'file://${FILE_ROOT}/${sink}.jsonl'`;
  const job = await createJob(page, teamId, name, sql);
  // The worker records lineage when it starts a job; without one, record it as it would.
  await recordLineage(teamId, job, sql);

  await page.goto(`/lineage?focus=${job.id}&depth=1`);
  const graph = page.getByTestId('lineage-graph');
  await expect(graph).toHaveAttribute('data-laid-out', 'true');
  const jobNode = page.getByTestId('lineage-job').and(page.locator(`[data-name="${name}"]`));
  await expect(jobNode).toBeVisible();
  const datasets = page.getByTestId('lineage-dataset');
  await expect(datasets).toHaveCount(2);
  const output = datasets.filter({ hasText: `${sink}.jsonl` });
  const input = datasets.filter({ hasText: 'orders' }).filter({ hasNotText: sink });
  await expect(output).toHaveCount(1);
  await expect(input).toHaveCount(1);
  // Connected: two edges, dataset → job → dataset.
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);

  await output.locator('[data-column="doubled"]').click();
  await expect(input.locator('[data-column="amount"]')).toHaveAttribute('data-highlighted', 'true');
  await expect(input.locator('[data-column="order_id"]')).toHaveAttribute(
    'data-highlighted',
    'false',
  );
  await expect(jobNode).toHaveAttribute('data-on-path', 'true');
  await expect(page.locator('.lineage-edge.is-on-path')).toHaveCount(2);
  await expect(page.getByTestId('lineage-path-summary')).toContainText(
    'doubled: 1 upstream column',
  );

  // Search finds the job; clicking the job opens it.
  await page.getByTestId('lineage-search').fill(name);
  await expect(page.getByTestId('lineage-match').first()).toContainText(name);
  await jobNode.getByRole('link', { name }).click();
  await expect(page).toHaveURL(new RegExp(`/jobs/${job.id}`));
});

test('measure: a 200-node lineage graph is laid out', async ({ page }) => {
  // A team of its own, so the 200 nodes do not crowd the demo team's graph.
  const owner = await db().user.findUnique({ where: { email: OWNER } });
  if (!owner) throw new Error('demo owner missing');
  const teamName = uniqueName('lineage_bench');
  const team = await db().team.create({
    data: {
      name: teamName,
      slug: teamName.toLowerCase().replace(/_/g, '-'),
      memberships: { create: { userId: owner.id, role: 'OWNER' } },
    },
  });
  // 100 jobs in a chain: job i reads dataset i and writes dataset i+1 → 101 datasets + 100 jobs.
  for (let i = 0; i < 100; i++) {
    const from = `file://${FILE_ROOT}/bench_${i}.jsonl`;
    const into = `file://${FILE_ROOT}/bench_${i + 1}.jsonl`;
    const sql = `SELECT id, v + 1 AS v, tag FROM '${from}' INTO '${into}'`;
    const job = await db().job.create({
      data: { teamId: team.id, name: `bench_${i}`, sql, createdById: owner.id },
    });
    await recordLineage(team.id, { id: job.id, name: job.name, version: 1 }, sql);
  }
  await signIn(page, OWNER);
  await selectTeam(page, teamName);
  await page.goto('/lineage');
  const graph = page.getByTestId('lineage-graph');
  await expect(graph).toHaveAttribute('data-node-count', '201');
  await expect(graph).toHaveAttribute('data-laid-out', 'true', { timeout: 30_000 });
  const lineageLayoutMs = Number(await graph.getAttribute('data-layout-ms'));
  console.log(`lineageLayoutMs=${lineageLayoutMs} (201 nodes, 200 edges)`);
  expect(lineageLayoutMs).toBeGreaterThan(0);
  recordResults({ lineageLayoutMs });
  // Other journeys sign in as the owner and expect the demo team.
  await selectTeam(page, 'Demo');
});
