/** Dead letters of a job to DlqRecord rows: reason, source, position and a capped payload. */
import type { PrismaClient } from '@velo/db';
import type { RunDeadLetter } from '@velo/runtime';

export interface DeadLetterRow {
  jobId: string;
  reason: string;
  source: string | null;
  position: string | null;
  payload: string;
  payloadTruncated: boolean;
}

/** Cuts `text` to at most `maxBytes` UTF-8 bytes without splitting a character. */
export function capPayload(
  text: string,
  maxBytes: number,
): { payload: string; truncated: boolean } {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return { payload: text, truncated: false };
  let cut = bytes.subarray(0, maxBytes).toString('utf8');
  if (cut.endsWith('\uFFFD')) cut = cut.slice(0, -1);
  return { payload: cut, truncated: true };
}

export function toDeadLetterRow(jobId: string, dl: RunDeadLetter, maxBytes: number): DeadLetterRow {
  const raw = dl.raw ?? (dl.record ? JSON.stringify(dl.record.fields ?? dl.record) : '');
  const { payload, truncated } = capPayload(raw, maxBytes);
  const position =
    dl.sqlLine !== undefined
      ? `line ${dl.sqlLine}, column ${dl.sqlColumn ?? 1}`
      : (dl.location ?? null);
  return {
    jobId,
    reason: dl.kind === 'late' ? `late: ${dl.reason}` : dl.reason,
    source: dl.sourceUri || dl.sourceId || null,
    position,
    payload,
    payloadTruncated: truncated,
  };
}

/** Buffers dead letters and writes them in batches (one insert per flush). */
export class DeadLetterWriter {
  private buffer: DeadLetterRow[] = [];
  written = 0;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly jobId: string,
    private readonly maxBytes: number,
  ) {}

  add(dl: RunDeadLetter): void {
    this.buffer.push(toDeadLetterRow(this.jobId, dl, this.maxBytes));
  }

  async flush(): Promise<void> {
    while (this.buffer.length > 0) {
      const rows = this.buffer.splice(0, 1000);
      await this.prisma.dlqRecord.createMany({ data: rows });
      this.written += rows.length;
    }
  }
}
