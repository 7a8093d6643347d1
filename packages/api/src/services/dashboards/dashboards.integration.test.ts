/**
 * Team dashboards against the real PostgreSQL, through the tRPC caller as the console calls
 * them: create, add panels, arrange, update, remove, rename, delete; every change audited;
 * bad input and another team's jobs refused with the exact message; VIEWER reads only.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type Caller,
  callerFor,
  createTeamWithRoles,
  errorOf,
  prisma,
  type TeamFixture,
  uniqueLabel,
} from '../../../test/harness.ts';

let team: TeamFixture;
let editor: Caller;
let viewer: Caller;
let jobA = '';
let jobB = '';
let foreignJob = '';

const panel = (title: string, jobIds: string[]) => ({
  title,
  metric: 'records_in',
  jobIds,
  chartType: 'line' as const,
  unit: 'records/s' as const,
  thresholds: [] as { value: string; color: 'warning' | 'danger' }[],
});

beforeAll(async () => {
  team = await createTeamWithRoles('dash');
  editor = await callerFor(team.editor);
  viewer = await callerFor(team.viewer);
  const mk = (teamId: string, name: string) =>
    prisma.job.create({ data: { teamId, name, sql: 'SELECT 1', createdById: 'test' } });
  jobA = (await mk(team.teamId, uniqueLabel('a'))).id;
  jobB = (await mk(team.teamId, uniqueLabel('b'))).id;
  const other = await prisma.team.create({
    data: { name: uniqueLabel('other'), slug: uniqueLabel('other') },
  });
  foreignJob = (await mk(other.id, uniqueLabel('foreign'))).id;
});

describe('team dashboards', () => {
  it('are composed, arranged and kept in the database, each change audited', async () => {
    const teamId = team.teamId;
    const name = uniqueLabel('Ops');
    const created = await editor.dashboard.create({ teamId, name: `  ${name}  ` });
    expect(created).toMatchObject({ name, panels: [] });

    await editor.dashboard.addPanel({
      teamId,
      dashboardId: created.id,
      panel: panel('Throughput', [jobA, jobB]),
    });
    const two = await editor.dashboard.addPanel({
      teamId,
      dashboardId: created.id,
      panel: {
        title: 'Lag',
        metric: 'consumer_lag_seconds',
        jobIds: [jobA],
        chartType: 'stat',
        unit: 's',
        thresholds: [
          { value: '5', color: 'warning' },
          { value: '30.5', color: 'danger' },
        ],
      },
    });
    expect(two.panels.map((p) => [p.position, p.title, p.jobIds])).toEqual([
      [0, 'Throughput', [jobA, jobB]],
      [1, 'Lag', [jobA]],
    ]);
    expect(two.panels[1].thresholds).toEqual([
      { value: '5', color: 'warning' },
      { value: '30.5', color: 'danger' },
    ]);

    const arranged = await editor.dashboard.arrangePanels({
      teamId,
      dashboardId: created.id,
      panelIds: [two.panels[1].id, two.panels[0].id],
    });
    expect(arranged.panels.map((p) => p.title)).toEqual(['Lag', 'Throughput']);

    const updated = await editor.dashboard.updatePanel({
      teamId,
      id: two.panels[0].id,
      panel: { ...panel('Throughput (bars)', [jobB]), chartType: 'bar' },
    });
    expect(updated.panels.map((p) => [p.title, p.chartType, p.jobIds])).toEqual([
      ['Lag', 'stat', [jobA]],
      ['Throughput (bars)', 'bar', [jobB]],
    ]);

    // A viewer reads the same dashboard, in the same order.
    const seen = await viewer.dashboard.get({ teamId, id: created.id });
    expect(seen.panels.map((p) => p.title)).toEqual(['Lag', 'Throughput (bars)']);
    const listed = await viewer.dashboard.list({ teamId });
    expect(listed.find((d) => d.id === created.id)).toMatchObject({ name, panelCount: 2 });

    await editor.dashboard.removePanel({ teamId, id: two.panels[1].id });
    await editor.dashboard.rename({ teamId, id: created.id, name: `${name} 2` });
    await editor.dashboard.delete({ teamId, id: created.id });
    expect(await prisma.dashboardPanel.count({ where: { dashboardId: created.id } })).toBe(0);

    const audit = await prisma.auditLog.findMany({
      where: { teamId, objectId: created.id },
      orderBy: { id: 'asc' },
    });
    expect(audit.map((a) => [a.action, a.actorId])).toEqual(
      [
        'dashboard.create',
        'dashboard.addPanel',
        'dashboard.addPanel',
        'dashboard.arrangePanels',
        'dashboard.updatePanel',
        'dashboard.removePanel',
        'dashboard.rename',
        'dashboard.delete',
      ].map((action) => [action, team.editor.id]),
    );
  });

  it('refuse bad panels, foreign jobs, duplicate names and stale arrangements, changing nothing', async () => {
    const teamId = team.teamId;
    const name = uniqueLabel('Refusals');
    const d = await editor.dashboard.create({ teamId, name });

    const badMetric = await errorOf(() =>
      editor.dashboard.addPanel({
        teamId,
        dashboardId: d.id,
        panel: { ...panel('x', [jobA]), metric: 'not a metric' },
      }),
    );
    expect(badMetric.code).toBe('BAD_REQUEST');
    expect(badMetric.message).toContain('Metric is a built-in name or user:<name>');

    const badThreshold = await errorOf(() =>
      editor.dashboard.addPanel({
        teamId,
        dashboardId: d.id,
        panel: { ...panel('x', [jobA]), thresholds: [{ value: '1e9', color: 'danger' }] },
      }),
    );
    expect(badThreshold.message).toContain('A threshold is a number, e.g. 1000 or 0.5');

    const noJobs = await errorOf(() =>
      editor.dashboard.addPanel({ teamId, dashboardId: d.id, panel: panel('x', []) }),
    );
    expect(noJobs.message).toContain('Choose at least one job');

    const foreign = await errorOf(() =>
      editor.dashboard.addPanel({ teamId, dashboardId: d.id, panel: panel('x', [foreignJob]) }),
    );
    expect([foreign.code, foreign.message]).toEqual(['NOT_FOUND', 'job not found']);

    const duplicate = await errorOf(() => editor.dashboard.create({ teamId, name }));
    expect([duplicate.code, duplicate.message]).toEqual([
      'CONFLICT',
      `A dashboard named "${name}" already exists`,
    ]);

    const one = await editor.dashboard.addPanel({
      teamId,
      dashboardId: d.id,
      panel: panel('only', [jobA]),
    });
    const stale = await errorOf(() =>
      editor.dashboard.arrangePanels({ teamId, dashboardId: d.id, panelIds: [] }),
    );
    expect([stale.code, stale.message]).toEqual([
      'CONFLICT',
      'The dashboard changed since it was loaded; reload it and arrange again',
    ]);

    const refused = await errorOf(() =>
      viewer.dashboard.addPanel({ teamId, dashboardId: d.id, panel: panel('v', [jobA]) }),
    );
    expect([refused.code, refused.message]).toEqual([
      'FORBIDDEN',
      'This needs the EDITOR role or higher; you are VIEWER',
    ]);

    const after = await viewer.dashboard.get({ teamId, id: d.id });
    expect(after.panels.map((p) => p.id)).toEqual([one.panels[0].id]);
    expect(
      await prisma.auditLog.count({
        where: { teamId, objectId: d.id, action: { startsWith: 'dashboard.' } },
      }),
    ).toBe(2);
  });
});
