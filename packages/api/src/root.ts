import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { auditRouter } from './routers/audit.ts';
import { connectionRouter } from './routers/connection.ts';
import { jobRouter } from './routers/job.ts';
import { meRouter } from './routers/me.ts';
import { metricsRouter } from './routers/metrics.ts';
import { teamRouter } from './routers/team.ts';
import { createCallerFactory, createTRPCRouter } from './trpc.ts';

export const appRouter = createTRPCRouter({
  me: meRouter,
  team: teamRouter,
  connection: connectionRouter,
  audit: auditRouter,
  job: jobRouter,
  metrics: metricsRouter,
});

export type AppRouter = typeof appRouter;
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;

export const createCaller = createCallerFactory(appRouter);
