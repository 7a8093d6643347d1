/**
 * Prometheus families of user metrics, shared by every job on the worker that declares the
 * same name (prom-client allows one family per name). A job whose declaration clashes with
 * an existing family (other type or labels) is refused with a message for its log.
 */

import type { UserMetricSpec } from '@velo/engine';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { JOB_LABELS } from './prometheus.ts';

type Family = Counter<string> | Gauge<string> | Histogram<string>;
interface Entry {
  family: Family;
  signature: string;
}

const byRegistry = new WeakMap<Registry, Map<string, Entry>>();

function signature(spec: UserMetricSpec): string {
  return JSON.stringify([spec.type, spec.labels, spec.buckets]);
}

export function userMetricFamily(registry: Registry, spec: UserMetricSpec): Family | string {
  let entries = byRegistry.get(registry);
  if (!entries) {
    entries = new Map();
    byRegistry.set(registry, entries);
  }
  const existing = entries.get(spec.name);
  if (existing) {
    return existing.signature === signature(spec)
      ? existing.family
      : `metric "${spec.name}" is already declared by another job with another type or labels`;
  }
  if (registry.getSingleMetric(spec.name)) return `metric "${spec.name}" is a built-in metric name`;
  const options = {
    name: spec.name,
    help: spec.help ?? `User metric ${spec.name} (-- @metric)`,
    labelNames: [...JOB_LABELS, ...spec.labels],
    registers: [registry],
  };
  const family: Family =
    spec.type === 'counter'
      ? new Counter(options)
      : spec.type === 'gauge'
        ? new Gauge(options)
        : new Histogram({ ...options, ...(spec.buckets ? { buckets: spec.buckets } : {}) });
  entries.set(spec.name, { family, signature: signature(spec) });
  return family;
}
