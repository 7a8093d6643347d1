/**
 * Evaluates the `-- @metric` annotations of a job (DESIGN §5) on its output records with the
 * engine itself: each metric becomes a tiny query over the statement's output,
 * `SELECT <labels>, <field> FROM __output WHERE <condition>`, so conditions and values mean
 * exactly what they mean in the job's SQL. Label sets per metric are capped; observations of
 * further label sets are counted as dropped.
 */
import {
  type CompiledProgram,
  compile,
  createPipeline,
  type EngineRecord,
  inferSchema,
  type Pipeline,
  type UserMetricSpec,
  valueToText,
} from '@velo/engine';

/** One label set's observations of one metric within a batch of output records. */
export interface LabelSetObservations {
  labels: Record<string, string>;
  /** Sum of the values (counter increments). */
  sum: number;
  count: number;
  /** The batch's last value (gauges). */
  last: number;
  /** Every value, for histograms only. */
  values: number[] | null;
}

export interface MetricBatch {
  metric: UserMetricSpec;
  labelSets: Map<string, LabelSetObservations>;
  /** Observations of label sets beyond the metric's cap. */
  dropped: number;
}

const OUTPUT = '__output';
const VALUE = '__velo_metric_value';

function quoted(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function metricQuery(spec: UserMetricSpec): string {
  const items = [
    ...spec.labels.map(quoted),
    spec.field ? `${quoted(spec.field)} AS ${VALUE}` : `1 AS ${VALUE}`,
  ];
  const where = spec.condition ? ` WHERE ${spec.condition}` : '';
  return `SELECT ${items.join(', ')} FROM ${OUTPUT}${where}`;
}

class CompiledMetric {
  private pipeline: Pipeline | null = null;
  private readonly seen = new Set<string>();
  /** Set when the query does not compile against the real output; the metric is then off. */
  error: string | null = null;

  constructor(
    readonly spec: UserMetricSpec,
    private readonly maxLabelSets: number,
  ) {}

  /** Evaluates the metric on a batch and aggregates it per label set (cheap to report). */
  observe(records: EngineRecord[]): MetricBatch | null {
    if (this.error) return null;
    if (!this.pipeline) {
      const compiled = compile(metricQuery(this.spec), {
        schemas: { [OUTPUT]: inferSchema(records) },
        boundSources: [OUTPUT],
      });
      if (!compiled.ok || !compiled.program) {
        this.error = compiled.diagnostics.map((d) => d.message).join('; ');
        return null;
      }
      this.pipeline = createPipeline(compiled.program as CompiledProgram);
    }
    this.pipeline.push(OUTPUT, records);
    this.pipeline.takeDeadLetters(); // a record the condition cannot evaluate is not counted
    const batch: MetricBatch = { metric: this.spec, labelSets: new Map(), dropped: 0 };
    const histogram = this.spec.type === 'histogram';
    for (const out of this.pipeline.takeOutput()) {
      for (const row of out.records) {
        const raw = row.fields[VALUE];
        const value =
          typeof raw === 'number'
            ? raw
            : raw === null || raw === undefined
              ? Number.NaN
              : Number(valueToText(raw));
        if (!Number.isFinite(value)) continue;
        let key = '';
        for (const l of this.spec.labels) {
          const v = row.fields[l];
          key += `${v === null || v === undefined ? '' : valueToText(v)}\u0001`;
        }
        let entry = batch.labelSets.get(key);
        if (!entry) {
          if (!this.seen.has(key)) {
            if (this.seen.size >= this.maxLabelSets) {
              batch.dropped++;
              continue;
            }
            this.seen.add(key);
          }
          const parts = key.split('\u0001');
          const labels: Record<string, string> = {};
          this.spec.labels.forEach((l, i) => {
            labels[l] = parts[i];
          });
          entry = { labels, sum: 0, count: 0, last: value, values: histogram ? [] : null };
          batch.labelSets.set(key, entry);
        }
        entry.sum += value;
        entry.count++;
        entry.last = value;
        entry.values?.push(value);
      }
    }
    return batch;
  }
}

export class UserMetricEvaluator {
  private readonly byStatement = new Map<number, CompiledMetric[]>();

  constructor(specs: UserMetricSpec[], maxLabelSets: number) {
    for (const spec of specs) {
      const list = this.byStatement.get(spec.statement) ?? [];
      list.push(new CompiledMetric(spec, maxLabelSets));
      this.byStatement.set(spec.statement, list);
    }
  }

  get empty(): boolean {
    return this.byStatement.size === 0;
  }

  /** Metrics whose query failed against the real output, with why (for the job log). */
  failures(): { name: string; error: string }[] {
    return [...this.byStatement.values()]
      .flat()
      .filter((m) => m.error)
      .map((m) => ({ name: m.spec.name, error: m.error ?? '' }));
  }

  /** Each metric of `statement`, evaluated on its output batch. */
  observe(statement: number, records: EngineRecord[]): MetricBatch[] {
    if (records.length === 0) return [];
    const out: MetricBatch[] = [];
    for (const m of this.byStatement.get(statement) ?? []) {
      const batch = m.observe(records);
      if (batch) out.push(batch);
    }
    return out;
  }
}
