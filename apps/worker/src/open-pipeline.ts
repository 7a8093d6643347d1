/**
 * Builds what a job run needs from its SQL: saved connections resolved, sources opened (at the
 * checkpoint's positions) and sampled for their schemas, the program compiled, sinks opened.
 * Everything opened is closed again if a later step fails.
 */
import { createSink, createSource, parseFileUri } from '@velo/connectors';
import { confineFilePath, type EgressPolicy } from '@velo/connectors/egress';
import type { Keyring, PrismaClient } from '@velo/db';
import {
  type CompiledProgram,
  compile,
  formatDiagnostic,
  inferSchema,
  parse,
  type Schema,
} from '@velo/engine';
import { parallelPlan, peekSource, type Sink, type Source } from '@velo/runtime';
import { resolveConnection } from './connections.ts';
import { exactlyOnceSinks } from './exactly-once.ts';
import { internalSourceUri, RepartitionForwarder, repartitionTopic } from './repartition.ts';

const SAMPLE_SIZE = 1000;

export class JobSqlError extends Error {
  override name = 'JobSqlError';
}

export interface OpenedPipeline {
  program: CompiledProgram;
  sources: Record<string, Source>;
  /** Keyed by the program's output name (RunOptions.sinks). */
  sinks: Record<string, Sink>;
  /** INTO URIs, for the file-sink offsets. */
  sinkUris: string[];
  /** `'dlq' = 'uri'` in a statement's WITH: where dead letters go besides DlqRecord rows. */
  dlqSink: Sink | null;
  close(): Promise<void>;
}

export interface OpenPipelineInput {
  prisma: PrismaClient;
  keyring: () => Keyring;
  teamId: string;
  sql: string;
  /** Positions to resume from, per engine source id (none: from the start). */
  positions?: Record<string, unknown>;
  /** Sinks append (resume) instead of replacing their output. */
  append: boolean;
  /** Checked between steps: a stop during start-up closes what was opened and throws. */
  cancelled: () => boolean;
  /** File sources and sinks must lie inside its file root (VELO_FILE_ROOT). */
  egress: EgressPolicy;
  /** The job's id: exactly-once Kafka sinks derive their transactional id from it. */
  jobId?: string;
  /**
   * The task of a parallel job this run is (parallelism > 1): Kafka sources read only its
   * partitions, as members of the job's consumer group; exactly-once sinks get its own id.
   */
  task?: { index: number; count: number; epoch: number };
}

/** Refuses a `file:` URI outside the file root before anything opens it. */
async function confineFileUri(uri: string, policy: EgressPolicy): Promise<void> {
  if (!/^file:/i.test(uri)) return;
  const config = parseFileUri(uri);
  if (typeof config === 'string') return; // the connector reports it
  await confineFilePath(config.path, policy);
}

export class StartCancelled extends Error {
  override name = 'StartCancelled';
}

async function closeAll(sources: Source[], sinks: Sink[]): Promise<void> {
  await Promise.allSettled([...sources.map((s) => s.close()), ...sinks.map((s) => s.close())]);
}

export async function openPipeline(input: OpenPipelineInput): Promise<OpenedPipeline> {
  const task = input.task && input.task.count > 1 ? input.task : undefined;
  const plan = task ? parallelPlan(input.sql, task.count) : null;
  if (plan && !plan.ok) throw new JobSqlError(plan.problem);
  const repartition = task && plan?.ok ? plan.repartition : null;
  const jobId = input.jobId ?? 'job';
  const topic = repartition && task ? repartitionTopic(jobId, repartition, task.count) : null;
  const internalUri = repartition && topic ? internalSourceUri(repartition, topic) : null;
  // stage 2 of a repartitioned job: the statement reads the internal topic instead
  const sql =
    repartition && internalUri
      ? input.sql.split(`'${repartition.sourceUri}'`).join(`'${internalUri}'`)
      : input.sql;
  const parsed = parse(sql);
  const sources: Record<string, Source> = {};
  const sinks: Record<string, Sink> = {};
  let dlqSink: Sink | null = null;
  let forwarder: RepartitionForwarder | null = null;
  const check = () => {
    if (input.cancelled()) throw new StartCancelled('stopped during start-up');
  };
  try {
    if (repartition && task && topic) {
      check();
      const connection = await resolveConnection(
        input.prisma,
        input.teamId,
        repartition.sourceUri,
        input.keyring,
      );
      forwarder = await RepartitionForwarder.start({
        plan: repartition,
        topic,
        task,
        // the source's own group when it names one (its lag is then the job's input lag)
        group:
          new URLSearchParams(repartition.sourceUri.split('?')[1] ?? '').get('group_id') ??
          `velo-job-${jobId}-rp`,
        ...(connection ? { connection } : {}),
        stopped: input.cancelled,
      });
    }
    const schemas: Record<string, Schema> = {};
    // Sources read as tables (a join's table side) are read whole by every task of the job:
    // their own group, never committed, loaded before the stream side starts (run-types.ts).
    const tableIds = new Set(compile(sql, {}).program?.tableSources ?? []);
    // One group per stream source of a parallel job: in a shared group the members of two
    // sources would claim the same task, and only one of them would get partitions.
    let streams = 0;
    for (const ref of parsed.sources) {
      if (!ref.uri || sources[ref.id]) continue;
      check();
      await confineFileUri(ref.uri, input.egress);
      const connection = await resolveConnection(
        input.prisma,
        input.teamId,
        ref.uri,
        input.keyring,
      );
      const group = tableIds.has(ref.id)
        ? null
        : streams++ === 0
          ? `velo-job-${input.jobId}`
          : `velo-job-${input.jobId}-${streams - 1}`;
      const opened = await createSource(ref.uri, {
        resumeFrom: input.positions?.[ref.id],
        ...(connection ? { connection } : {}),
        ...(task && group ? { task: { ...task, group } } : {}),
        ...(tableIds.has(ref.id) ? { asTable: true } : {}),
      });
      sources[ref.id] = opened;
      const stage1 = forwarder;
      if (stage1 && ref.uri === internalUri) {
        // a failed forwarder fails the run through the source stage 2 reads
        const read = opened.readBatch.bind(opened);
        opened.readBatch = (max) => {
          if (stage1.failure) throw stage1.failure;
          return read(max);
        };
      }
      const { sample, source } = await peekSource(opened, SAMPLE_SIZE);
      sources[ref.id] = source;
      if (sample.records.length > 0) schemas[ref.id] = inferSchema(sample.records);
    }
    check();
    const compiled = compile(sql, { schemas });
    if (!compiled.ok || !compiled.program) {
      const errors = compiled.diagnostics.filter((d) => d.severity === 'error');
      throw new JobSqlError(
        errors.map((d) => formatDiagnostic(d)).join('\n') || 'the SQL did not compile',
      );
    }
    const program = compiled.program;
    const sinkUris: string[] = [];
    const exactlyOnce = input.jobId
      ? exactlyOnceSinks(input.sql, input.jobId, input.task?.index ?? 0)
      : new Map();
    for (const output of program.sinks) {
      if (!output.into || sinks[output.sink]) continue;
      check();
      await confineFileUri(output.into, input.egress);
      const connection = await resolveConnection(
        input.prisma,
        input.teamId,
        output.into,
        input.keyring,
      );
      sinks[output.sink] = await createSink(exactlyOnce.get(output.into) ?? output.into, {
        append: input.append,
        ...(connection ? { connection } : {}),
      });
      sinkUris.push(output.into);
    }
    const dlqUri = program.statements.flatMap((st) => st.with).find((o) => o.key === 'dlq')?.value;
    if (dlqUri) {
      check();
      await confineFileUri(dlqUri, input.egress);
      const connection = await resolveConnection(input.prisma, input.teamId, dlqUri, input.keyring);
      dlqSink = await createSink(dlqUri, { append: true, ...(connection ? { connection } : {}) });
    }
    const opened = dlqSink;
    const stage1 = forwarder;
    return {
      program,
      sources,
      sinks,
      sinkUris,
      dlqSink: opened,
      close: async () => {
        await closeAll(Object.values(sources), [
          ...Object.values(sinks),
          ...(opened ? [opened] : []),
        ]);
        await stage1?.close();
      },
    };
  } catch (error) {
    await closeAll(Object.values(sources), [
      ...Object.values(sinks),
      ...(dlqSink ? [dlqSink] : []),
    ]);
    await forwarder?.close();
    throw error;
  }
}
