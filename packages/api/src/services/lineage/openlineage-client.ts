/**
 * Delivers OpenLineage events to OPENLINEAGE_URL (the HTTP transport: POST JSON to
 * `<url>/api/v1/lineage` unless the URL names its own path). Failures are retried with
 * exponential backoff and then given up with a warning: lineage delivery never stops a job.
 */
export interface OpenLineageClientOptions {
  url: string;
  /** Attempts per event (first try included). */
  attempts?: number;
  backoffMs?: number;
  timeoutMs?: number;
  onGiveUp?: (error: string, event: Record<string, unknown>) => void;
}

export function openLineageEndpoint(url: string): string {
  const parsed = new URL(url);
  if (parsed.pathname === '/' || parsed.pathname === '') parsed.pathname = '/api/v1/lineage';
  return parsed.toString();
}

export function createOpenLineageClient(options: OpenLineageClientOptions) {
  const endpoint = openLineageEndpoint(options.url);
  const attempts = options.attempts ?? 5;
  const backoffMs = options.backoffMs ?? 500;
  const timeoutMs = options.timeoutMs ?? 5000;
  return {
    /** Resolves true once delivered, false after the last failed attempt; never rejects. */
    async emit(event: Record<string, unknown>): Promise<boolean> {
      let lastError = '';
      for (let attempt = 0; attempt < attempts; attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, backoffMs * 2 ** (attempt - 1)));
        try {
          const response = await fetch(endpoint, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(event),
            signal: AbortSignal.timeout(timeoutMs),
          });
          if (response.ok) return true;
          lastError = `HTTP ${response.status}`;
        } catch (error) {
          lastError = error instanceof Error ? error.message : String(error);
        }
      }
      options.onGiveUp?.(lastError, event);
      return false;
    },
  };
}
