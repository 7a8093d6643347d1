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

export interface UserMetricObservation {
  metric: UserMetricSpec;
  labels: Record<string, string>;
  /** Counter increment, gauge value or histogram observation, as a JS number. */
  value: number;
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

  observe(
    records: EngineRecord[],
    emit: (o: UserMetricObservation) => void,
    dropped: () => void,
  ): void {
    if (this.error) return;
    if (!this.pipeline) {
      const compiled = compile(metricQuery(this.spec), {
        schemas: { [OUTPUT]: inferSchema(records) },
        boundSources: [OUTPUT],
      });
      if (!compiled.ok || !compiled.program) {
        this.error = compiled.diagnostics.map((d) => d.message).join('; ');
        return;
      }
      this.pipeline = createPipeline(compiled.program as CompiledProgram);
    }
    this.pipeline.push(OUTPUT, records);
    this.pipeline.takeDeadLetters(); // a record the condition cannot evaluate is not counted
    for (const out of this.pipeline.takeOutput()) {
      for (const row of out.records) {
        const raw = row.fields[VALUE];
        const value = raw === null || raw === undefined ? Number.NaN : Number(valueToText(raw));
        if (!Number.isFinite(value)) continue;
        const labels: Record<string, string> = {};
        for (const l of this.spec.labels) {
          const v = row.fields[l];
          labels[l] = v === null || v === undefined ? '' : valueToText(v);
        }
        const key = JSON.stringify(labels);
        if (!this.seen.has(key)) {
          if (this.seen.size >= this.maxLabelSets) {
            dropped();
            continue;
          }
          this.seen.add(key);
        }
        emit({ metric: this.spec, labels, value });
      }
    }
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

  observe(
    statement: number,
    records: EngineRecord[],
    emit: (o: UserMetricObservation) => void,
    dropped: (metric: UserMetricSpec) => void,
  ): void {
    if (records.length === 0) return;
    for (const m of this.byStatement.get(statement) ?? []) {
      m.observe(records, emit, () => dropped(m.spec));
    }
  }
}
