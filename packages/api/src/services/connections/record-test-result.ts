import type { Db } from '../../db.ts';
import type { ProbeResult } from './probe-connection.ts';

/** Keeps a connection's last test result with its time (shown in the list). */
export async function recordTestResult(
  db: Db,
  connectionId: string,
  result: ProbeResult,
  at = new Date(),
): Promise<void> {
  await db.connection.update({
    where: { id: connectionId },
    data: {
      lastTestAt: at,
      lastTestOk: result.ok,
      lastTestError: result.ok ? null : result.error,
      lastTestLatencyMs: result.latencyMs,
    },
  });
}
