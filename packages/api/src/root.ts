import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { accountRouter } from './routers/account.ts';
import { auditRouter } from './routers/audit.ts';
import { catalogRouter } from './routers/catalog.ts';
import { connectionRouter } from './routers/connection.ts';
import { dashboardRouter } from './routers/dashboard.ts';
import { invitationRouter } from './routers/invitation.ts';
import { jobRouter } from './routers/job.ts';
import { lineageRouter } from './routers/lineage.ts';
import { meRouter } from './routers/me.ts';
import { metricsRouter } from './routers/metrics.ts';
import { previewRouter } from './routers/preview.ts';
import { teamRouter } from './routers/team.ts';
import { createCallerFactory, createTRPCRouter } from './trpc.ts';

export const appRouter = createTRPCRouter({
  me: meRouter,
  team: teamRouter,
  connection: connectionRouter,
  audit: auditRouter,
  preview: previewRouter,
  catalog: catalogRouter,
  invitation: invitationRouter,
  account: accountRouter,
  job: jobRouter,
  metrics: metricsRouter,
  lineage: lineageRouter,
  dashboard: dashboardRouter,
});

export type AppRouter = typeof appRouter;
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;

export const createCaller = createCallerFactory(appRouter);
