import { z } from 'zod';
import { ZCatalogObject } from '../services/catalog/catalog-object.ts';
import { listCatalogObjects } from '../services/catalog/list-catalog-objects.ts';
import { sampleColumns } from '../services/catalog/sample-columns.ts';
import { createTRPCRouter, teamProcedure } from '../trpc.ts';
import { ZSampledColumn } from './sampled-column.ts';

export const ZCatalogObjectsRequest = z.object({
  connectionId: z
    .string({ error: 'Connection is required' })
    .min(1, 'Connection is required')
    .max(64),
});
export const ZCatalogObjectsResponse = z.object({
  connectionId: z.string(),
  connection: z.string(),
  type: z.string(),
  objects: z.array(ZCatalogObject),
  truncated: z.boolean(),
});

export const ZCatalogColumnsRequest = z.object({
  uri: z
    .string({ error: 'Source URI is required' })
    .trim()
    .min(1, 'Source URI is required')
    .max(2048, 'Source URI must be at most 2048 characters'),
});
export const ZCatalogColumnsResponse = z.object({
  uri: z.string(),
  columns: z.array(ZSampledColumn),
  sampled: z.number(),
  timedOut: z.boolean(),
});

/**
 * The editor's catalog: what each saved connection holds and the columns of a source. Reads, so
 * VIEWER and up; both use the stored secret on the server only and are audited.
 */
export const catalogRouter = createTRPCRouter({
  objects: teamProcedure('VIEWER')
    .input(ZCatalogObjectsRequest)
    .output(ZCatalogObjectsResponse)
    .query(({ ctx, input }) =>
      listCatalogObjects(
        { prisma: ctx.prisma, actor: ctx.actor, keyring: ctx.getKeyring },
        { teamId: ctx.team.id, connectionId: input.connectionId },
      ),
    ),

  columns: teamProcedure('VIEWER')
    .input(ZCatalogColumnsRequest)
    .output(ZCatalogColumnsResponse)
    .query(({ ctx, input }) =>
      sampleColumns(
        { prisma: ctx.prisma, actor: ctx.actor, keyring: ctx.getKeyring },
        { teamId: ctx.team.id, uri: input.uri },
      ),
    ),
});
