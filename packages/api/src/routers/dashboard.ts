import { z } from 'zod';
import { addPanel } from '../services/dashboards/add-panel.ts';
import { arrangePanels } from '../services/dashboards/arrange-panels.ts';
import { createDashboard } from '../services/dashboards/create-dashboard.ts';
import { MAX_PANELS, ZDashboardName, ZPanelSpec } from '../services/dashboards/dashboard-panel.ts';
import { ZDashboardView } from '../services/dashboards/dashboard-view.ts';
import { deleteDashboard } from '../services/dashboards/delete-dashboard.ts';
import { getDashboard } from '../services/dashboards/get-dashboard.ts';
import { listDashboards } from '../services/dashboards/list-dashboards.ts';
import { removePanel } from '../services/dashboards/remove-panel.ts';
import { renameDashboard } from '../services/dashboards/rename-dashboard.ts';
import { updatePanel } from '../services/dashboards/update-panel.ts';
import { createTRPCRouter, teamProcedure } from '../trpc.ts';

const ZDashboardId = z
  .string({ error: 'Dashboard is required' })
  .min(1, 'Dashboard is required')
  .max(64);
const ZPanelId = z.string({ error: 'Panel is required' }).min(1, 'Panel is required').max(64);

export const ZListDashboardsResponse = z.array(
  z.object({ id: z.string(), name: z.string(), updatedAt: z.date(), panelCount: z.number() }),
);
export const ZGetDashboardRequest = z.object({ id: ZDashboardId });
export const ZCreateDashboardRequest = z.object({ name: ZDashboardName });
export const ZRenameDashboardRequest = z.object({ id: ZDashboardId, name: ZDashboardName });
export const ZDeleteDashboardRequest = z.object({ id: ZDashboardId });
export const ZDeleteDashboardResponse = z.object({ id: z.string() });
export const ZAddPanelRequest = z.object({ dashboardId: ZDashboardId, panel: ZPanelSpec });
export const ZUpdatePanelRequest = z.object({ id: ZPanelId, panel: ZPanelSpec });
export const ZRemovePanelRequest = z.object({ id: ZPanelId });
export const ZArrangePanelsRequest = z.object({
  dashboardId: ZDashboardId,
  panelIds: z.array(ZPanelId).max(MAX_PANELS),
});

/** Team dashboards: VIEWER reads, EDITOR and up change them; every change is audited. */
export const dashboardRouter = createTRPCRouter({
  list: teamProcedure('VIEWER')
    .output(ZListDashboardsResponse)
    .query(({ ctx }) => listDashboards({ prisma: ctx.prisma }, { teamId: ctx.team.id })),

  get: teamProcedure('VIEWER')
    .input(ZGetDashboardRequest)
    .output(ZDashboardView)
    .query(({ ctx, input }) =>
      getDashboard({ prisma: ctx.prisma }, { teamId: ctx.team.id, id: input.id }),
    ),

  create: teamProcedure('EDITOR')
    .input(ZCreateDashboardRequest)
    .output(ZDashboardView)
    .mutation(({ ctx, input }) =>
      createDashboard(
        { prisma: ctx.prisma, actor: ctx.actor },
        { teamId: ctx.team.id, name: input.name },
      ),
    ),

  rename: teamProcedure('EDITOR')
    .input(ZRenameDashboardRequest)
    .output(ZDashboardView)
    .mutation(({ ctx, input }) =>
      renameDashboard({ prisma: ctx.prisma, actor: ctx.actor }, { ...input, teamId: ctx.team.id }),
    ),

  delete: teamProcedure('EDITOR')
    .input(ZDeleteDashboardRequest)
    .output(ZDeleteDashboardResponse)
    .mutation(({ ctx, input }) =>
      deleteDashboard(
        { prisma: ctx.prisma, actor: ctx.actor },
        { teamId: ctx.team.id, id: input.id },
      ),
    ),

  addPanel: teamProcedure('EDITOR')
    .input(ZAddPanelRequest)
    .output(ZDashboardView)
    .mutation(({ ctx, input }) =>
      addPanel({ prisma: ctx.prisma, actor: ctx.actor }, { ...input, teamId: ctx.team.id }),
    ),

  updatePanel: teamProcedure('EDITOR')
    .input(ZUpdatePanelRequest)
    .output(ZDashboardView)
    .mutation(({ ctx, input }) =>
      updatePanel({ prisma: ctx.prisma, actor: ctx.actor }, { ...input, teamId: ctx.team.id }),
    ),

  removePanel: teamProcedure('EDITOR')
    .input(ZRemovePanelRequest)
    .output(ZDashboardView)
    .mutation(({ ctx, input }) =>
      removePanel({ prisma: ctx.prisma, actor: ctx.actor }, { teamId: ctx.team.id, id: input.id }),
    ),

  arrangePanels: teamProcedure('EDITOR')
    .input(ZArrangePanelsRequest)
    .output(ZDashboardView)
    .mutation(({ ctx, input }) =>
      arrangePanels({ prisma: ctx.prisma, actor: ctx.actor }, { ...input, teamId: ctx.team.id }),
    ),
});
