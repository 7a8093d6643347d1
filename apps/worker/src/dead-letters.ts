/** Dead letters of a job to DlqRecord rows: reason, source, position and a capped payload. */
import type { PrismaClient } from '@velo/db';
import type { EngineRecord } from '@velo/engine';
import type { RunDeadLetter, Sink } from '@velo/runtime';

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

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Text payloads as text (also when the source sent bytes); other bytes as `base64:…`. */
export function payloadText(raw: string, encoding: 'utf8' | 'base64'): string {
  if (encoding !== 'base64') return raw;
  const bytes = Buffer.from(raw, 'base64');
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return `base64:${raw}`;
  }
}

function recordText(dl: RunDeadLetter): string {
  if (!dl.record) return '';
  return JSON.stringify(dl.record.fields, (_key, value) =>
    typeof value === 'bigint' ? value.toString() : value,
  );
}

export function toDeadLetterRow(jobId: string, dl: RunDeadLetter, maxBytes: number): DeadLetterRow {
  const raw = dl.raw === null ? recordText(dl) : payloadText(dl.raw, dl.encoding);
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

/** Columns of a dead letter written to a `'dlq'` sink (a Kafka topic, a file...). */
export const DLQ_SINK_COLUMNS = ['job_id', 'reason', 'source', 'position', 'payload', 'truncated'];

function sinkRecord(row: DeadLetterRow): EngineRecord {
  return {
    fields: {
      job_id: row.jobId,
      reason: row.reason,
      source: row.source,
      position: row.position,
      payload: row.payload,
      truncated: row.payloadTruncated,
    },
    eventTime: Date.now(),
  };
}

/**
 * Buffers dead letters and writes them in batches: DlqRecord rows (one insert per flush) and,
 * when the job's SQL says `'dlq' = 'kafka://…'`, that sink too. Flushed before each checkpoint.
 */
export class DeadLetterWriter {
  private buffer: DeadLetterRow[] = [];
  written = 0;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly jobId: string,
    private readonly maxBytes: number,
    private sink: Sink | null = null,
  ) {}

  /** Also write to `sink` from now on (opened once the job's SQL is compiled). */
  setSink(sink: Sink): void {
    this.sink = sink;
  }

  add(dl: RunDeadLetter): void {
    this.buffer.push(toDeadLetterRow(this.jobId, dl, this.maxBytes));
  }

  async flush(): Promise<void> {
    while (this.buffer.length > 0) {
      const rows = this.buffer.splice(0, 1000);
      await this.prisma.dlqRecord.createMany({ data: rows });
      if (this.sink) await this.sink.writeBatch(DLQ_SINK_COLUMNS, rows.map(sinkRecord));
      this.written += rows.length;
    }
    await this.sink?.flush();
  }
}
