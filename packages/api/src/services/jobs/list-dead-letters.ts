import type { ServiceDeps } from '../context.ts';
import { findJob } from './find-job.ts';

/** Characters of a payload the list shows; the stored payload is capped by the worker. */
export const PAYLOAD_PREVIEW_CHARS = 500;

export interface DeadLetterView {
  id: string;
  reason: string;
  source: string | null;
  position: string | null;
  payloadPreview: string;
  payloadTruncated: boolean;
  createdAt: Date;
}

/** The job's dead letters, newest first, `limit` per page; `cursor` is the last id seen. */
export async function listDeadLetters(
  { prisma }: ServiceDeps,
  input: { teamId: string; id: string; cursor?: string; limit?: number },
): Promise<{ items: DeadLetterView[]; nextCursor: string | null; total: number }> {
  const job = await findJob(prisma, input.teamId, input.id);
  const limit = input.limit ?? 50;
  const rows = await prisma.dlqRecord.findMany({
    where: { jobId: job.id, ...(input.cursor ? { id: { lt: BigInt(input.cursor) } } : {}) },
    orderBy: { id: 'desc' },
    take: limit + 1,
  });
  const total = await prisma.dlqRecord.count({ where: { jobId: job.id } });
  const page = rows.slice(0, limit);
  return {
    items: page.map((row) => ({
      id: row.id.toString(),
      reason: row.reason,
      source: row.source,
      position: row.position,
      payloadPreview: row.payload.slice(0, PAYLOAD_PREVIEW_CHARS),
      payloadTruncated: row.payloadTruncated || row.payload.length > PAYLOAD_PREVIEW_CHARS,
      createdAt: row.createdAt,
    })),
    nextCursor: rows.length > limit ? page[page.length - 1].id.toString() : null,
    total,
  };
}
