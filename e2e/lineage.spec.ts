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
import { EDITOR, OWNER, openAs, selectTeam, uniqueName } from './support';

test('source and sink connected; an output column highlights its input column', async ({
  page,
}) => {
  const teamId = await demoTeamId();
  await openAs(page, EDITOR);
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
  await openAs(page, OWNER);
  await selectTeam(page, teamName);
  await page.goto('/lineage');
  const graph = page.getByTestId('lineage-graph');
  await expect(graph).toHaveAttribute('data-node-count', '201');
  await expect(graph).toHaveAttribute('data-laid-out', 'true', { timeout: 30_000 });
  const lineageLayoutMs = Number(await graph.getAttribute('data-layout-ms'));
  console.log(`lineageLayoutMs=${lineageLayoutMs} (201 nodes, 200 edges)`);
  expect(lineageLayoutMs).toBeGreaterThan(0);
  // Pan and zoom for 2 s (wheel zoom and drag) while counting animation frames in the page.
  const canvas = graph.locator('.react-flow__pane');
  const box = await canvas.boundingBox();
  if (!box) throw new Error('no lineage canvas');
  const frames = page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const g = globalThis as unknown as {
          requestAnimationFrame(cb: (t: number) => void): void;
        };
        let count = 0;
        let start = 0;
        const tick = (t: number) => {
          if (!start) start = t;
          count++;
          if (t - start < 2000) g.requestAnimationFrame(tick);
          else resolve((count * 1000) / (t - start));
        };
        g.requestAnimationFrame(tick);
      }),
  );
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const until = Date.now() + 2000;
  for (let i = 0; Date.now() < until; i++) {
    await page.mouse.move(cx, cy);
    await page.mouse.wheel(0, i % 2 ? 120 : -120);
    await page.mouse.down();
    await page.mouse.move(cx + 80, cy + 40, { steps: 4 });
    await page.mouse.up();
  }
  const lineagePanFps = Math.round(await frames);
  console.log(`lineagePanFps=${lineagePanFps}`);
  recordResults({ lineageLayoutMs, lineagePanFps });
  // Other journeys sign in as the owner and expect the demo team.
  await selectTeam(page, 'Demo');
});
