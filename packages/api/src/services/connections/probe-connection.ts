import type { EgressPolicy } from '@velo/connectors/egress';
import {
  CONFIG_SCHEMAS,
  type ConnectionTypeName,
  type KafkaSecret,
  type PostgresSecret,
} from './connection-config.ts';
import { cleanRemoteText } from './probe-errors.ts';
import { probeFile } from './probe-file.ts';
import { probeKafka } from './probe-kafka.ts';
import { probePostgres } from './probe-postgres.ts';

export const TEST_TIMEOUT_MS = 10_000;

export type ProbeResult =
  | { ok: true; latencyMs: number }
  | { ok: false; error: string; latencyMs: number };

export interface ProbeOptions {
  /** Where the probe may connect (`getEgressPolicy()` in the api). */
  policy: EgressPolicy;
  timeoutMs?: number;
}

/**
 * Really connects to what the settings describe and reports ok with the latency, or the
 * failure in plain words (control characters stripped, at most 300 characters), within the
 * timeout. Never throws; never includes the secret.
 */
export async function probeConnection(
  type: ConnectionTypeName,
  storedConfig: unknown,
  secret: Record<string, unknown> | null,
  { policy, timeoutMs = TEST_TIMEOUT_MS }: ProbeOptions,
): Promise<ProbeResult> {
  const started = performance.now();
  const latency = () => Math.max(0, Math.round(performance.now() - started));
  try {
    const parsed = CONFIG_SCHEMAS[type].safeParse(storedConfig);
    if (!parsed.success) {
      return {
        ok: false,
        error: `The stored settings are invalid: ${parsed.error.issues[0]?.message}; edit the connection and save it again`,
        latencyMs: 0,
      };
    }
    switch (type) {
      case 'postgresql':
        await probePostgres(
          parsed.data as never,
          secret as PostgresSecret | null,
          timeoutMs,
          policy,
        );
        break;
      case 'kafka':
        await probeKafka(parsed.data as never, secret as KafkaSecret | null, timeoutMs, policy);
        break;
      case 'file':
        await probeFile(parsed.data as never, policy);
        break;
      case 'datagen':
        // Built-in generators need nothing outside the process.
        break;
    }
    return { ok: true, latencyMs: latency() };
  } catch (error) {
    return {
      ok: false,
      error: cleanRemoteText(error instanceof Error ? error.message : String(error)),
      latencyMs: latency(),
    };
  }
}
