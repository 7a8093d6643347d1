/**
 * Kafka source: a kafkajs consumer-group member whose fetched batches wait in a bounded
 * buffer until the run loop reads them (`readBatch`). Offsets are committed only by
 * `commit(position)`, after a checkpoint; a position holds the next offset per partition.
 * After a rebalance every buffered message is dropped and each kept partition is sought back
 * to the last offset handed out, so nothing is skipped or handed out twice by this member;
 * partitions that move to another member restart there from the last committed offset.
 */
import { randomUUID } from 'node:crypto';
import type { EngineRecord } from '@velo/engine';
import type {
  Source,
  SourceBatch,
  SourceDeadLetter,
  SourceLag,
  SourceOptions,
  SourcePosition,
} from '@velo/runtime';
import type { Admin, Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { createKafkaClient, kafkaError, named } from './client.ts';
import { registerKafkaCodecs } from './codecs.ts';
import { type KafkaConfig, parseKafkaUri } from './config.ts';
import { createDecoder, type Decoded, DecodeFailure, type ValueDecoder } from './formats/index.ts';
import { KafkaLagProbe, type PartitionReadState } from './lag.ts';
import { taskPartitionAssigner } from './task-assigner.ts';

/** Next offset to read per partition (decimal strings: offsets are 64-bit). */
export interface KafkaPosition {
  topic: string;
  offsets: Record<string, string>;
}

interface Taken {
  partition: number;
  message: KafkaMessage;
}

interface Fetched {
  partition: number;
  messages: KafkaMessage[];
  index: number;
}

/** Fetched records kept in memory before the consumer is paused (back-pressure). */
const MAX_BUFFERED_RECORDS = 50_000;
const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;
/**
 * How long an idle readBatch waits for data before returning an empty batch: short, so one idle
 * source does not hold up the others the run loop reads in turn.
 */
const IDLE_WAIT_MS = 10;
/** The longest the first read waits for the group join and the first fetch. */
const FIRST_READ_WAIT_MS = 10_000;
/**
 * Session timeout of a parallel job's task members: a task whose worker died holds its
 * partitions (and stalls the group's rebalance) until the broker drops it, so shorter than
 * kafkajs's 30 s default.
 */
const TASK_SESSION_TIMEOUT_MS = 10_000;
/** Dead letters keep at most this much of an oversized payload. */
const MAX_DEAD_LETTER_BYTES = 64 * 1024;

const REBALANCE_ERRORS = new Set([
  'REBALANCE_IN_PROGRESS',
  'ILLEGAL_GENERATION',
  'UNKNOWN_MEMBER_ID',
]);

/** kafkajs wraps protocol errors (KafkaJSNonRetriableError → cause): look down the chain. */
function isRebalanceError(e: unknown): boolean {
  for (
    let x = e as { type?: string; cause?: unknown } | undefined, depth = 0;
    x && depth < 5;
    depth++
  ) {
    if (REBALANCE_ERRORS.has(x.type ?? '')) return true;
    x = x.cause as typeof x;
  }
  return false;
}

/** Whether a stored source position is a Kafka source's (checkpoints mix sources). */
export function isKafkaPosition(p: unknown): p is KafkaPosition {
  return (
    typeof p === 'object' &&
    p !== null &&
    typeof (p as KafkaPosition).topic === 'string' &&
    typeof (p as KafkaPosition).offsets === 'object'
  );
}

function headersOf(message: KafkaMessage): Record<string, string> | undefined {
  const h = message.headers;
  if (!h) return undefined;
  let out: Record<string, string> | undefined;
  for (const k in h) {
    const v = h[k];
    if (v === undefined) continue;
    // a repeated header arrives as an array; HEADER() reads the last value, as Kafka Streams does
    const last = Array.isArray(v) ? v[v.length - 1] : v;
    out ??= {};
    out[k] = typeof last === 'string' ? last : last.toString('utf8');
  }
  return out;
}

export class KafkaSource implements Source {
  readonly bounded = false;
  private readonly queue: Fetched[] = [];
  private bufferedRecords = 0;
  private bufferedBytes = 0;
  /** Next offset to hand out, per partition this member has handed out records from. */
  private readonly next = new Map<number, number>();
  /** Next offset expected from the fetcher, per partition (drops refetched duplicates). */
  private readonly expected = new Map<number, number>();
  private assigned = new Set<number>();
  private readonly seekTo = new Map<number, number>();
  private wake: (() => void) | null = null;
  private failure: Error | null = null;
  private pausedByBuffer = false;
  /** SourceOptions.onAssignment of a stream source (told after every rebalance). */
  private assignmentListener: SourceOptions['onAssignment'];
  private pausedByCaller = false;
  private crashes = 0;
  private closed = false;
  /** High watermarks at open, for a table read; null once loaded (or for a stream). */
  private tableTargets: Map<number, number> | null = null;
  private tableLoaded = false;
  private tableLoadedReported = false;
  /** Offset after the last fetched batch per partition, control and aborted records included. */
  private readonly fetchedThrough = new Map<number, number>();
  /** Fetch rounds started since the last assignment (the first read waits for one to finish). */
  private fetchRounds = 0;
  private firstRead = true;
  /** Timestamp of the last message handed out, per partition (for the lag in seconds). */
  private readonly lastTimestamp = new Map<number, number>();
  private lagAdmin: Promise<Admin> | null = null;
  private lagProbe: KafkaLagProbe | null = null;

  private constructor(
    readonly uri: string,
    private readonly config: KafkaConfig,
    private readonly kafka: Kafka,
    private readonly consumer: Consumer,
    private readonly decoder: ValueDecoder,
    private readonly asTable: boolean,
  ) {}

  static async open(uri: string, options: SourceOptions = {}): Promise<KafkaSource> {
    const config = parseKafkaUri(uri, options.connection);
    if (typeof config === 'string') throw new Error(config);
    const decoder = await createDecoder(config);
    // Topics may hold snappy, lz4 or zstd batches; kafkajs alone reads only gzip.
    registerKafkaCodecs();
    const kafka = createKafkaClient(config);
    const p = config.params;
    // A table is read whole by every reader: its own group, never committed.
    // The tasks of a parallel job are members of one group, each assigned its own partitions.
    const task = options.asTable ? undefined : options.task;
    const groupId = options.asTable
      ? `velo-table-${randomUUID()}`
      : (p.group_id ?? task?.group ?? `velo-${randomUUID()}`);
    const consumer = kafka.consumer({
      groupId,
      ...(task
        ? {
            partitionAssigners: [taskPartitionAssigner(task)],
            sessionTimeout: TASK_SESSION_TIMEOUT_MS,
            heartbeatInterval: 1000,
          }
        : {}),
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: 250,
      maxBytesPerPartition: Math.max(1024 * 1024, p['max.record.bytes'] + 1024),
      retry: {
        retries: p['connect.retries'],
        initialRetryTime: p['connect.backoff.ms'],
        maxRetryTime: p['connect.backoff.max.ms'],
      },
    });
    const source = new KafkaSource(uri, config, kafka, consumer, decoder, options.asTable === true);
    // a table is read whole: its assignment is all of it, never news
    if (!options.asTable) source.assignmentListener = options.onAssignment;
    if (isKafkaPosition(options.resumeFrom)) {
      for (const [partition, offset] of Object.entries(options.resumeFrom.offsets)) {
        source.seekTo.set(Number(partition), Number(offset));
      }
    }
    await source.start(kafka.admin(), p.offset === 'earliest' || options.asTable === true);
    return source;
  }

  private async start(admin: Admin, fromBeginning: boolean): Promise<void> {
    const { config, consumer } = this;
    if (this.asTable) {
      await named(config, 'connect to', admin.connect());
      try {
        const offsets = await named(
          config,
          'read the offsets of',
          admin.fetchTopicOffsets(config.topic),
        );
        this.tableTargets = new Map(
          offsets
            .filter((o) => Number(o.high) > Number(o.low))
            .map((o) => [o.partition, Number(o.high)]),
        );
      } finally {
        await admin.disconnect();
      }
    }
    consumer.on(consumer.events.GROUP_JOIN, (e) => {
      // kafkajs restarts a crashed consumer on a timer that a disconnect during the crash
      // cannot cancel (the timer is set after the CRASH event). A closed source's consumer that
      // rejoins would hold its partitions with nobody reading them (a broker restart left one
      // partition unread until the job was restarted): it leaves the group again at once.
      if (this.closed) {
        void consumer.disconnect().catch(() => {});
        return;
      }
      this.onAssignment(e.payload.memberAssignment);
    });
    if (this.asTable) {
      // Transaction markers and aborted records are never handed out (the last offset below a
      // high watermark may be a commit marker): count what was fetched as read.
      consumer.on(consumer.events.END_BATCH_PROCESS, (e) => {
        const { partition, lastOffset } = e.payload;
        if (this.assigned.has(partition)) {
          this.fetchedThrough.set(partition, Number(lastOffset) + 1);
          this.notify();
        }
      });
    }
    consumer.on(consumer.events.FETCH_START, () => {
      this.fetchRounds++;
      if (this.fetchRounds >= 2) this.notify();
    });
    consumer.on(consumer.events.CRASH, (e) => {
      const { error, restart } = e.payload;
      this.crashes++;
      if (!restart || this.crashes > config.params['connect.retries']) {
        this.fail(kafkaError(config, 'read from', error));
        void consumer.disconnect().catch(() => {});
      }
    });
    await named(config, 'connect to', consumer.connect());
    try {
      await named(
        config,
        'subscribe to',
        consumer.subscribe({ topic: config.topic, fromBeginning }),
      );
      await named(
        config,
        'consume from',
        consumer.run({
          autoCommit: false,
          eachBatchAutoResolve: true,
          eachBatch: async (payload) => this.onBatch(payload),
        }),
      );
    } catch (e) {
      await consumer.disconnect().catch(() => {});
      throw e;
    }
  }

  private onAssignment(assignment: Record<string, number[]>): void {
    const partitions = new Set(assignment[this.config.topic] ?? []);
    // Everything buffered was fetched under the old assignment: drop it and refetch from the
    // last offset handed out (kept partitions) or the checkpoint / committed offset (new ones).
    this.queue.length = 0;
    this.bufferedRecords = 0;
    this.bufferedBytes = 0;
    this.pausedByBuffer = false;
    for (const p of [...this.next.keys()]) if (!partitions.has(p)) this.next.delete(p);
    this.expected.clear();
    this.assigned = partitions;
    this.fetchRounds = 0;
    for (const p of partitions) {
      const offset = this.next.get(p) ?? this.seekTo.get(p);
      if (offset === undefined) continue;
      // a restored partition that stays idle keeps its checkpointed offset in later positions
      this.next.set(p, offset);
      this.expected.set(p, offset);
      this.consumer.seek({ topic: this.config.topic, partition: p, offset: String(offset) });
    }
    this.seekTo.clear();
    if (this.pausedByCaller) this.consumer.pause([{ topic: this.config.topic }]);
    this.assignmentListener?.({
      topic: this.config.topic,
      partitions: [...partitions].sort((a, b) => a - b),
    });
    this.notify();
  }

  private async onBatch({ batch, isStale }: EachBatchPayload): Promise<void> {
    if (isStale() || this.closed || !this.assigned.has(batch.partition)) return;
    this.crashes = 0;
    const partition = batch.partition;
    let messages = batch.messages;
    const expected = this.expected.get(partition);
    if (expected !== undefined && messages.length > 0 && Number(messages[0].offset) < expected) {
      messages = messages.filter((m) => Number(m.offset) >= expected);
    }
    if (messages.length === 0) return;
    this.expected.set(partition, Number(messages[messages.length - 1].offset) + 1);
    let bytes = 0;
    for (const m of messages) bytes += m.value?.length ?? 0;
    this.queue.push({ partition, messages, index: 0 });
    this.bufferedRecords += messages.length;
    this.bufferedBytes += bytes;
    if (
      !this.pausedByBuffer &&
      (this.bufferedRecords > MAX_BUFFERED_RECORDS || this.bufferedBytes > MAX_BUFFERED_BYTES)
    ) {
      this.pausedByBuffer = true;
      this.consumer.pause([{ topic: this.config.topic }]);
    }
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.notify();
  }

  async readBatch(max: number): Promise<SourceBatch> {
    if (this.failure) throw this.failure;
    if (this.firstRead) {
      // The first read (the sample a schema is inferred from) waits until the group is joined
      // and one fetch round has been handed over, so an empty batch means "no data yet", not
      // "not connected yet".
      this.firstRead = false;
      const deadline = Date.now() + FIRST_READ_WAIT_MS;
      while (this.queue.length === 0 && this.fetchRounds < 2 && !this.tableComplete()) {
        if (this.closed || Date.now() > deadline) break;
        await this.waitForData(50);
        if (this.failure) throw this.failure;
      }
    }
    if (this.queue.length === 0 && !(this.tableComplete() && !this.tableLoadedReported)) {
      await this.waitForData(IDLE_WAIT_MS);
      if (this.failure) throw this.failure;
    }
    const taken = this.take(max);
    const batch = await this.toBatch(taken);
    this.releaseBuffer(taken.length, batch.bytes ?? 0);
    return batch;
  }

  /**
   * Takes up to `max` buffered messages. Messages of several partitions are merged in message
   * timestamp order (each partition's own order kept): the engine keeps one watermark per
   * source, so handing out one partition's fetch before another's would make the second's
   * records late whenever the first is ahead in time.
   */
  private take(max: number): Taken[] {
    const taken: Taken[] = [];
    const queue = this.queue;
    const lanes = new Map<number, Fetched[]>();
    for (const f of queue) {
      const lane = lanes.get(f.partition);
      if (lane) lane.push(f);
      else lanes.set(f.partition, [f]);
    }
    if (lanes.size <= 1) {
      while (taken.length < max && queue.length > 0) {
        const head = queue[0];
        const end = Math.min(head.messages.length, head.index + max - taken.length);
        for (let i = head.index; i < end; i++) {
          taken.push({ partition: head.partition, message: head.messages[i] });
        }
        head.index = end;
        if (head.index >= head.messages.length) queue.shift();
      }
      return taken;
    }
    const heads = [...lanes.values()];
    const headTime = heads.map((lane) => Number(lane[0].messages[lane[0].index].timestamp));
    while (taken.length < max) {
      let best = -1;
      for (let k = 0; k < heads.length; k++) {
        if (heads[k].length > 0 && (best < 0 || headTime[k] < headTime[best])) best = k;
      }
      if (best < 0) break;
      const lane = heads[best];
      const f = lane[0];
      taken.push({ partition: f.partition, message: f.messages[f.index++] });
      if (f.index >= f.messages.length) lane.shift();
      if (lane.length > 0) headTime[best] = Number(lane[0].messages[lane[0].index].timestamp);
    }
    let kept = 0;
    for (const f of queue) if (f.index < f.messages.length) queue[kept++] = f;
    queue.length = kept;
    return taken;
  }

  private waitForData(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.wake = null;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private releaseBuffer(records: number, bytes: number): void {
    this.bufferedRecords -= records;
    this.bufferedBytes -= bytes;
    if (
      this.pausedByBuffer &&
      this.bufferedRecords <= MAX_BUFFERED_RECORDS / 2 &&
      this.bufferedBytes <= MAX_BUFFERED_BYTES / 2
    ) {
      this.pausedByBuffer = false;
      if (!this.pausedByCaller) this.consumer.resume([{ topic: this.config.topic }]);
    }
  }

  private async toBatch(
    taken: { partition: number; message: KafkaMessage }[],
  ): Promise<SourceBatch> {
    const topic = this.config.topic;
    const limit = this.config.params['max.record.bytes'];
    const records: EngineRecord[] = [];
    // dead letters by position in `taken`, so they come out in offset order
    const dead: (SourceDeadLetter | undefined)[] = [];
    const values: Buffer[] = [];
    const decodable: number[] = [];
    let bytes = 0;
    const deadLetter = (i: number, reason: string) => {
      const { partition, message: m } = taken[i];
      const value = m.value ?? Buffer.alloc(0);
      const kept =
        value.length > MAX_DEAD_LETTER_BYTES ? value.subarray(0, MAX_DEAD_LETTER_BYTES) : value;
      dead[i] = {
        location: `${topic}/${partition}@${m.offset}`,
        raw: kept.toString('base64'),
        encoding: 'base64',
        reason:
          kept.length < value.length
            ? `${reason} (first ${MAX_DEAD_LETTER_BYTES} bytes kept)`
            : reason,
      };
    };
    for (let i = 0; i < taken.length; i++) {
      const value = taken[i].message.value;
      bytes += value?.length ?? 0;
      if (value === null) deadLetter(i, 'tombstone (the message value is null)');
      else if (value.length > limit) {
        deadLetter(
          i,
          `the message value has ${value.length} bytes, more than max.record.bytes=${limit}`,
        );
      } else {
        values.push(value);
        decodable.push(i);
      }
    }
    const decoded: Decoded[] = values.length > 0 ? await this.decoder.decode(values) : [];
    for (let j = 0; j < decodable.length; j++) {
      const { partition, message } = taken[decodable[j]];
      const d = decoded[j];
      if (d instanceof DecodeFailure) {
        deadLetter(decodable[j], d.reason);
        continue;
      }
      const ts = Number(message.timestamp);
      records.push({
        fields: d as EngineRecord['fields'],
        eventTime: ts,
        timestamp: ts,
        offset: BigInt(message.offset),
        partition,
        key:
          message.key === null || message.key === undefined ? null : message.key.toString('utf8'),
        headers: headersOf(message),
      });
    }
    // Records keep partition order but not global order across partitions; dead letters and
    // records of one partition are in offset order.
    for (const { partition, message } of taken) {
      this.next.set(partition, Number(message.offset) + 1);
      this.lastTimestamp.set(partition, Number(message.timestamp));
    }
    const deadLetters = dead.filter((d) => d !== undefined);
    const batch: SourceBatch = {
      records,
      done: false,
      position: this.position(),
      deadLetters,
      bytes,
    };
    if (this.tableComplete()) {
      batch.tableLoaded = true;
      this.tableLoadedReported = true;
    }
    return batch;
  }

  /** True once a table read has handed out everything up to the high watermarks seen at open. */
  private tableComplete(): boolean {
    if (!this.asTable) return false;
    if (this.tableLoaded) return true;
    const targets = this.tableTargets;
    if (targets === null) return false;
    for (const [p, high] of targets) {
      if ((this.next.get(p) ?? 0) >= high) continue;
      const fetched = this.fetchedThrough.get(p) ?? 0;
      if (fetched < high || this.queue.some((f) => f.partition === p)) return false;
    }
    this.tableLoaded = true;
    return true;
  }

  private position(): KafkaPosition {
    const offsets: Record<string, string> = {};
    for (const [p, o] of this.next) offsets[p] = String(o);
    return { topic: this.config.topic, offsets };
  }

  async commit(position: SourcePosition): Promise<void> {
    if (this.asTable || !isKafkaPosition(position)) return;
    const offsets = Object.entries(position.offsets)
      .filter(([p]) => this.assigned.has(Number(p)))
      .map(([p, offset]) => ({ topic: this.config.topic, partition: Number(p), offset }));
    if (offsets.length === 0) return;
    try {
      await this.consumer.commitOffsets(offsets);
    } catch (e) {
      // A rebalance moved the partitions: their new owner resumes from the last committed
      // offset, so this commit is skipped (records may be read again, never lost).
      if (isRebalanceError(e)) return;
      throw kafkaError(this.config, 'commit offsets of', e);
    }
  }

  /** Consumer lag of the partitions this member reads (lag.ts), at most every 5 s. */
  async lag(): Promise<SourceLag[]> {
    if (this.asTable || this.closed) return [];
    this.lagAdmin ??= (async () => {
      const admin = this.kafka.admin();
      await admin.connect();
      return admin;
    })();
    this.lagProbe ??= new KafkaLagProbe(() => this.lagAdmin as Promise<Admin>, this.config.topic);
    const partitions = new Map<number, PartitionReadState>();
    for (const p of this.assigned) {
      const next = this.next.get(p) ?? this.expected.get(p);
      if (next !== undefined) partitions.set(p, { next, lastTimestamp: this.lastTimestamp.get(p) });
    }
    return this.lagProbe.measure(partitions);
  }

  pause(): void {
    this.pausedByCaller = true;
    this.consumer.pause([{ topic: this.config.topic }]);
  }

  resume(): void {
    this.pausedByCaller = false;
    if (!this.pausedByBuffer) this.consumer.resume([{ topic: this.config.topic }]);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.notify();
    const admin = this.lagAdmin;
    this.lagAdmin = null;
    await Promise.all([
      this.consumer.disconnect(),
      admin?.then((a) => a.disconnect()).catch(() => undefined),
    ]);
  }
}

export function createKafkaSource(uri: string, options: SourceOptions): Promise<KafkaSource> {
  return KafkaSource.open(uri, options);
}
