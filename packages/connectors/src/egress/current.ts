/**
 * The egress policy of this process, for the connectors a job opens (Kafka clients, PostgreSQL
 * connections, file sources and sinks). The worker configures it once at boot from its env; the
 * connectors read it at connect/open time.
 *
 * Default: no policy, so everything is allowed. That is deliberate: the `velo` CLI is a local
 * tool run by its user against their own brokers, databases and files, with that user's
 * rights, and must keep working without any VELO_* setting. Servers that run other people's
 * SQL (the worker) must call `configureEgress` before opening any connector.
 */
import type { EgressPolicy } from './policy.ts';

let current: EgressPolicy | null = null;

/** Sets (or with null clears) the policy every connector opened from now on applies. */
export function configureEgress(policy: EgressPolicy | null): void {
  current = policy;
}

/** The configured policy, or null when none is (everything allowed: the CLI). */
export function currentEgressPolicy(): EgressPolicy | null {
  return current;
}
