import { z } from 'zod';
import { getLineageGraph } from '../services/lineage/get-lineage-graph.ts';
import { createTRPCRouter, teamProcedure } from '../trpc.ts';

export const ZLineageGraphRequest = z.object({
  /** A lineage node id, or a job id. */
  focus: z.string().min(1).max(64).optional(),
  depth: z.number().int().min(1, 'Depth is at least 1').max(20, 'Depth is at most 20').optional(),
});

const ZColumnUpstream = z.object({ nodeId: z.string(), column: z.string() });

export const ZLineageGraphResponse = z.object({
  nodes: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(['dataset', 'job']),
      uri: z.string(),
      name: z.string(),
      jobId: z.string().nullable(),
      state: z.string().nullable(),
      columns: z.array(z.object({ name: z.string(), upstream: z.array(ZColumnUpstream) })),
    }),
  ),
  edges: z.array(
    z.object({
      id: z.string(),
      from: z.string(),
      to: z.string(),
      jobId: z.string().nullable(),
      jobVersion: z.number().nullable(),
    }),
  ),
});

export const lineageRouter = createTRPCRouter({
  graph: teamProcedure('VIEWER')
    .input(ZLineageGraphRequest)
    .output(ZLineageGraphResponse)
    .query(({ ctx, input }) =>
      getLineageGraph({ prisma: ctx.prisma }, { ...input, teamId: ctx.team.id }),
    ),
});
