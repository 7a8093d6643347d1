/**
 * User metrics declared in SQL comments before a statement (DESIGN §5, Velostream's syntax):
 *
 *   -- @metric: velo_big_orders_total
 *   -- @metric_type: counter            (counter | gauge | histogram; default counter)
 *   -- @metric_help: Orders over 100
 *   -- @metric_labels: customer_id, region
 *   -- @metric_condition: amount > 100.00
 *   -- @metric_field: amount            (the value: required for gauge and histogram)
 *   -- @metric_buckets: 10, 100, 1000   (histogram upper bounds, increasing)
 *
 * A statement may carry several metrics, each starting at its own `@metric:` line. They are
 * evaluated on the statement's output records; this module turns the annotations into specs
 * and reports mistakes as diagnostics at the annotation's line and column.
 */
import { type Diagnostic, diagnosticAt } from '../diagnostics.ts';
import type { Annotation, Statement } from '../sql/ast.ts';
import { parseSql } from '../sql/parser.ts';

export type UserMetricType = 'counter' | 'gauge' | 'histogram';

export interface UserMetricSpec {
  /** Index of the statement whose output records the metric observes. */
  statement: number;
  /** Prometheus metric name. */
  name: string;
  type: UserMetricType;
  help: string | null;
  labels: string[];
  /** A SQL boolean expression over the output columns; only matching records count. */
  condition: string | null;
  /** The output column holding the value (counters add 1 per record without it). */
  field: string | null;
  buckets: number[] | null;
}

const METRIC_KEYS = new Set([
  'metric',
  'metric_type',
  'metric_help',
  'metric_labels',
  'metric_condition',
  'metric_field',
  'metric_buckets',
]);
const PROMETHEUS_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES: UserMetricType[] = ['counter', 'gauge', 'histogram'];

export interface MetricAnnotationsResult {
  metrics: UserMetricSpec[];
  diagnostics: Diagnostic[];
}

/**
 * Specs and diagnostics for every statement's `@metric…` annotations. `outputColumns(i)` gives
 * statement i's output columns when known (label and field names are checked against them).
 */
export function metricAnnotations(
  statements: Statement[],
  outputColumns: (statement: number) => string[] | null = () => null,
): MetricAnnotationsResult {
  const metrics: UserMetricSpec[] = [];
  const diagnostics: Diagnostic[] = [];
  statements.forEach((statement, index) => {
    let current: { spec: UserMetricSpec; at: Annotation } | null = null;
    const finish = () => {
      if (!current) return;
      const problem = checkSpec(current.spec, outputColumns(index));
      if (problem)
        diagnostics.push(diagnosticAt('error', 'metric_annotation', current.at.span, ...problem));
      else metrics.push(current.spec);
      current = null;
    };
    for (const a of statement.annotations) {
      if (!a.key.startsWith('metric')) continue;
      const error = (message: string, hint?: string) =>
        diagnostics.push(diagnosticAt('error', 'metric_annotation', a.span, message, hint));
      if (!METRIC_KEYS.has(a.key)) {
        error(
          `unknown annotation "@${a.key}"`,
          `known: ${[...METRIC_KEYS].map((k) => `@${k}`).join(', ')}`,
        );
        continue;
      }
      const value = a.value.trim();
      if (a.key === 'metric') {
        finish();
        if (!PROMETHEUS_NAME.test(value)) {
          error(
            `"${value}" is not a valid metric name`,
            'use letters, digits and _ (e.g. velo_big_orders_total)',
          );
          continue;
        }
        current = {
          at: a,
          spec: {
            statement: index,
            name: value,
            type: 'counter',
            help: null,
            labels: [],
            condition: null,
            field: null,
            buckets: null,
          },
        };
        continue;
      }
      if (!current) {
        error(`"@${a.key}" must follow an "@metric: name" line`);
        continue;
      }
      const spec: UserMetricSpec = (current as { spec: UserMetricSpec }).spec;
      switch (a.key) {
        case 'metric_type':
          if (!TYPES.includes(value as UserMetricType)) {
            error(`unknown metric type "${value}"`, 'use counter, gauge or histogram');
          } else spec.type = value as UserMetricType;
          break;
        case 'metric_help':
          spec.help = value;
          break;
        case 'metric_labels': {
          const labels = value
            .split(',')
            .map((l) => l.trim())
            .filter((l) => l !== '');
          const bad = labels.find((l) => !LABEL_NAME.test(l));
          if (bad) error(`"${bad}" is not a valid label name`);
          else spec.labels = labels;
          break;
        }
        case 'metric_condition': {
          const parsed = parseSql(`SELECT 1 FROM __output WHERE ${value}`);
          const first = parsed.diagnostics.find((d) => d.severity === 'error');
          if (first || value === '') {
            error(
              `the metric condition is not a SQL expression: ${first?.message ?? 'it is empty'}`,
            );
          } else spec.condition = value;
          break;
        }
        case 'metric_field':
          spec.field = value;
          break;
        case 'metric_buckets': {
          const bounds = value
            .replace(/^\[|\]$/g, '')
            .split(',')
            .map((b) => Number(b.trim()));
          if (
            bounds.length === 0 ||
            bounds.some((b) => !Number.isFinite(b)) ||
            bounds.some((b, i) => i > 0 && b <= bounds[i - 1])
          ) {
            error(
              `metric buckets must be increasing numbers, got "${value}"`,
              'e.g. @metric_buckets: 0.1, 1, 10',
            );
          } else spec.buckets = bounds;
          break;
        }
      }
    }
    finish();
  });
  return { metrics, diagnostics };
}

/** [message, hint] of the first problem of a complete spec, or null. */
function checkSpec(spec: UserMetricSpec, columns: string[] | null): [string, string?] | null {
  if (spec.type !== 'counter' && !spec.field) {
    return [`the ${spec.type} "${spec.name}" needs "@metric_field: <column>" for its value`];
  }
  if (spec.buckets && spec.type !== 'histogram') {
    return [`"@metric_buckets" only applies to histograms ("${spec.name}" is a ${spec.type})`];
  }
  if (!columns) return null;
  const known = (c: string) => columns.includes(c);
  const hint = `the statement's output columns are: ${columns.join(', ')}`;
  const missingLabel = spec.labels.find((l) => !known(l));
  if (missingLabel)
    return [
      `label column "${missingLabel}" of metric "${spec.name}" is not an output column`,
      hint,
    ];
  if (spec.field && !known(spec.field)) {
    return [`value column "${spec.field}" of metric "${spec.name}" is not an output column`, hint];
  }
  return null;
}
