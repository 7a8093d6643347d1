/**
 * Exactly-once for PostgreSQL INSERT sinks in Velo's own database (DESIGN §7): the sink keeps the
 * output since the last checkpoint in one open transaction, and the worker writes the Checkpoint
 * row (with its lease-epoch check) inside that transaction before it commits. Output and
 * checkpoint become visible together or not at all, so the output after the last stored
 * checkpoint was never committed and a restore from it duplicates nothing. The connector never
 * reads Velo's tables: the worker hands it the checkpoint write (PostgresSink.commitWith).
 *
 * "Same database" is decided by what the servers say, not by comparing URIs (host names,
 * ports and aliases differ for the same server): the sink's and the worker's sessions must
 * report the same cluster system identifier and the same current_database(), and the sink's
 * role must be allowed to write checkpoints. Other PostgreSQL sinks keep their at-least-once
 * delivery (or the idempotence of mode=upsert).
 */
import { PostgresSink, type ServerIdentity } from '@velo/connectors';
import type { PrismaClient } from '@velo/db';
import type { Sink } from '@velo/runtime';
import {
  type CheckpointWriter,
  type StoredCheckpoint,
  writeCheckpoint,
  writeCheckpointIn,
} from './checkpoint-store.ts';

/** The sink whose transactions carry the checkpoints, and the schema of Velo's tables. */
export interface CheckpointTransaction {
  sink: PostgresSink;
  schema: string;
}

export interface CheckpointTransactionChoice {
  chosen: CheckpointTransaction | null;
  /** Why an INSERT sink stays at-least-once (for the job's log). */
  notes: string[];
}

async function ownIdentity(prisma: PrismaClient): Promise<ServerIdentity> {
  const [row] = await prisma.$queryRawUnsafe<ServerIdentity[]>(
    `SELECT system_identifier::text AS "systemIdentifier", current_database()::text AS database,
            current_schema()::text AS schema, current_user::text AS "user"
       FROM pg_control_system()`,
  );
  return row;
}

/**
 * May `role` lock the Job row — and a task's JobTask row (FOR UPDATE needs UPDATE) — and insert
 * and prune checkpoints?
 */
async function mayWriteCheckpoints(
  prisma: PrismaClient,
  role: string,
  schema: string,
): Promise<boolean> {
  const table = (name: string) => `"${schema.replaceAll('"', '""')}"."${name}"`;
  const [row] = await prisma.$queryRawUnsafe<{ ok: boolean }[]>(
    `SELECT has_table_privilege($1, $2, 'SELECT, UPDATE')
        AND has_table_privilege($1, $3, 'SELECT, UPDATE')
        AND has_table_privilege($1, $4, 'SELECT, INSERT, DELETE') AS ok`,
    role,
    table('Job'),
    table('JobTask'),
    table('Checkpoint'),
  );
  return row?.ok === true;
}

/**
 * Picks the PostgreSQL INSERT sink of a job's run (the job's, or a task's of a parallel job: each
 * task commits its output with its own checkpoints) whose output commits with its checkpoints,
 * and switches it to held transactions; call before the run writes anything. One per run: a
 * second sink cannot share the first one's transaction. None when the job has exactly-once
 * Kafka sinks (their restore rule picks the checkpoint the Kafka transactions committed, which a
 * checkpoint committed with PostgreSQL output could be ahead of), nor when it is repartitioned
 * (its repartition stage may repeat records after a crash, so holding output would buy nothing).
 */
export async function chooseCheckpointTransaction(
  prisma: PrismaClient,
  sinks: Record<string, Sink>,
  job: { kafkaExactlyOnce: boolean; repartitioned: boolean },
): Promise<CheckpointTransactionChoice> {
  const inserts = Object.values(sinks).filter(
    (s): s is PostgresSink => s instanceof PostgresSink && s.mode === 'insert',
  );
  const notes: string[] = [];
  if (inserts.length === 0) return { chosen: null, notes };
  if (job.kafkaExactlyOnce) {
    notes.push('PostgreSQL INSERT sinks stay at-least-once in a job with exactly-once Kafka sinks');
    return { chosen: null, notes };
  }
  if (job.repartitioned) {
    notes.push(
      'PostgreSQL INSERT sinks stay at-least-once in a repartitioned job (its repartition topic may repeat records after a crash)',
    );
    return { chosen: null, notes };
  }
  const own = await ownIdentity(prisma);
  let chosen: CheckpointTransaction | null = null;
  for (const sink of inserts) {
    const theirs = await sink.serverIdentity();
    if (theirs.systemIdentifier !== own.systemIdentifier || theirs.database !== own.database) {
      notes.push(`${sink.uri} is not Velo's database: at-least-once`);
    } else if (chosen) {
      notes.push(`${sink.uri}: only one sink per job commits with the checkpoints; at-least-once`);
    } else if (!(await mayWriteCheckpoints(prisma, theirs.user, own.schema))) {
      notes.push(
        `${sink.uri}: its role ${theirs.user} may not write Velo's checkpoints; at-least-once`,
      );
    } else {
      sink.holdTransactions();
      chosen = { sink, schema: own.schema };
    }
  }
  return { chosen, notes };
}

/**
 * Stores a checkpoint: in the chosen sink's transaction, committing its output with it, or on
 * its own through Prisma. Either way the lease check fences a worker that lost the job.
 */
export function storeCheckpoint(
  prisma: PrismaClient,
  transaction: CheckpointTransaction | null,
  writer: CheckpointWriter,
  checkpoint: StoredCheckpoint,
  startedAt: number,
): Promise<{ epoch: number; sizeBytes: number }> {
  if (!transaction) return writeCheckpoint(prisma, writer, checkpoint, startedAt);
  // a writer paused mid-commit loses its session (writeCheckpointIn's idle timeout), and with it
  // the uncommitted output, rather than blocking the takeover
  return transaction.sink.commitWith((sql) =>
    writeCheckpointIn(sql, writer, checkpoint, startedAt, transaction.schema),
  );
}
