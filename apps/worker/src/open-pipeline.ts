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
import {
  parallelPlan,
  peekSource,
  type Sink,
  type Source,
  type SourceOptions,
} from '@velo/runtime';
import { resolveConnection } from './connections.ts';
import { exactlyOnceSinks } from './exactly-once.ts';
import { forwarderGroup, internalInputs, RepartitionForwarder } from './repartition.ts';

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
  /** Stage 2 of a repartitioned job: it reads internal topics that may repeat records. */
  repartitioned: boolean;
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
  /** Told the partitions a Kafka stream source reads after each rebalance (the job's log). */
  onAssignment?: SourceOptions['onAssignment'];
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
  const jobId = input.jobId ?? 'job';
  // stage 2 of a repartitioned job: the statement reads the internal topics instead
  const internal = task && plan?.ok ? internalInputs(jobId, plan.repartition, task.count) : [];
  let sql = input.sql;
  for (const { source, uri } of internal) sql = sql.split(`'${source.sourceUri}'`).join(`'${uri}'`);
  const internalUris = new Set(internal.map((i) => i.uri));
  const parsed = parse(sql);
  const sources: Record<string, Source> = {};
  const sinks: Record<string, Sink> = {};
  let dlqSink: Sink | null = null;
  const forwarders: RepartitionForwarder[] = [];
  const check = () => {
    if (input.cancelled()) throw new StartCancelled('stopped during start-up');
  };
  try {
    // stage 1: every task forwards its share of each repartitioned source
    if (task) {
      for (const [index, { source, topic }] of internal.entries()) {
        check();
        const connection = await resolveConnection(
          input.prisma,
          input.teamId,
          source.sourceUri,
          input.keyring,
        );
        forwarders.push(
          await RepartitionForwarder.start({
            input: source,
            topic,
            task,
            group: forwarderGroup(jobId, internal, index),
            ...(connection ? { connection } : {}),
            stopped: input.cancelled,
          }),
        );
      }
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
        ...(input.onAssignment ? { onAssignment: input.onAssignment } : {}),
      });
      sources[ref.id] = opened;
      if (internalUris.has(ref.uri)) {
        // a failed forwarder fails the run through the sources stage 2 reads
        const read = opened.readBatch.bind(opened);
        opened.readBatch = (max) => {
          const failure = forwarders.find((f) => f.failure)?.failure;
          if (failure) throw failure;
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
    return {
      program,
      sources,
      sinks,
      sinkUris,
      dlqSink: opened,
      repartitioned: internal.length > 0,
      close: async () => {
        await closeAll(Object.values(sources), [
          ...Object.values(sinks),
          ...(opened ? [opened] : []),
        ]);
        await Promise.allSettled(forwarders.map((f) => f.close()));
      },
    };
  } catch (error) {
    await closeAll(Object.values(sources), [
      ...Object.values(sinks),
      ...(dlqSink ? [dlqSink] : []),
    ]);
    await Promise.allSettled(forwarders.map((f) => f.close()));
    throw error;
  }
}
