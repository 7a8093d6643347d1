import { z } from 'zod';
import {
  SAMPLE_DEFAULT_LIMIT,
  SAMPLE_MAX_LIMIT,
  sampleSource,
} from '../services/preview/sample-source.ts';
import { createTRPCRouter, teamProcedure } from '../trpc.ts';
import { ZSampledColumn } from './sampled-column.ts';

export const ZSamplePreviewRequest = z.object({
  uri: z
    .string({ error: 'Source URI is required' })
    .trim()
    .min(1, 'Source URI is required')
    .max(2048, 'Source URI must be at most 2048 characters'),
  limit: z
    .number({ error: `Limit must be a whole number from 1 to ${SAMPLE_MAX_LIMIT}` })
    .int(`Limit must be a whole number from 1 to ${SAMPLE_MAX_LIMIT}`)
    .min(1, `Limit must be a whole number from 1 to ${SAMPLE_MAX_LIMIT}`)
    .max(SAMPLE_MAX_LIMIT, `Limit must be a whole number from 1 to ${SAMPLE_MAX_LIMIT}`)
    .default(SAMPLE_DEFAULT_LIMIT),
  fromEnd: z.boolean({ error: 'fromEnd must be true or false' }).default(false),
});

export const ZSamplePreviewResponse = z.object({
  records: z.array(z.unknown()),
  columns: z.array(ZSampledColumn),
  truncated: z.boolean(),
  timedOut: z.boolean(),
  deadLetters: z.number(),
  elapsedMs: z.number(),
});

export const previewRouter = createTRPCRouter({
  /** Reads a sample of a saved connection's source for the editor's preview (read-only, ≤ 10 s). */
  sample: teamProcedure('EDITOR')
    .input(ZSamplePreviewRequest)
    .output(ZSamplePreviewResponse)
    .mutation(({ ctx, input }) =>
      sampleSource(
        { prisma: ctx.prisma, actor: ctx.actor, keyring: ctx.getKeyring },
        { ...input, teamId: ctx.team.id },
      ),
    ),
});
