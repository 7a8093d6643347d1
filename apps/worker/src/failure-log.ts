/**
 * Logs a failure that repeats (the job loop during a database outage fails on every poll) without
 * flooding the log: the first failure with its error, then at most one "still failing, N times"
 * line per interval while it lasts, and one "recovered after X s" line when it ends.
 */
import type { Logger } from 'pino';

export type FailureEvent =
  | { kind: 'first'; error: string }
  | { kind: 'still'; failures: number; sinceMs: number; error: string }
  | { kind: 'recovered'; failures: number; afterMs: number };

/** The throttling rule alone (no I/O), so it can be tested with a clock of its own. */
export class FailureThrottle {
  private failures = 0;
  private since = 0;
  private lastLoggedAt = 0;

  constructor(
    private readonly everyMs = 60_000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** A failure: what to log now, or null to stay quiet. */
  failed(error: unknown): FailureEvent | null {
    const now = this.now();
    const message = errorText(error);
    this.failures++;
    if (this.failures === 1) {
      this.since = now;
      this.lastLoggedAt = now;
      return { kind: 'first', error: message };
    }
    if (now - this.lastLoggedAt < this.everyMs) return null;
    this.lastLoggedAt = now;
    return { kind: 'still', failures: this.failures, sinceMs: now - this.since, error: message };
  }

  /** A success: the end of an outage to log, or null when nothing was failing. */
  succeeded(): FailureEvent | null {
    if (this.failures === 0) return null;
    const event: FailureEvent = {
      kind: 'recovered',
      failures: this.failures,
      afterMs: this.now() - this.since,
    };
    this.failures = 0;
    return event;
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A FailureThrottle writing structured pino lines named after `what` ("job loop"). */
export class FailureLog {
  private readonly throttle: FailureThrottle;

  constructor(
    private readonly logger: Logger,
    private readonly what: string,
    options: { everyMs?: number; now?: () => number; level?: 'error' | 'warn' } = {},
  ) {
    this.throttle = new FailureThrottle(options.everyMs, options.now);
    this.level = options.level ?? 'error';
  }

  private readonly level: 'error' | 'warn';

  failed(error: unknown): void {
    const event = this.throttle.failed(error);
    if (event?.kind === 'first')
      this.logger[this.level]({ err: event.error }, `${this.what} failed`);
    else if (event?.kind === 'still') {
      this.logger[this.level](
        { err: event.error, failures: event.failures, sinceMs: Math.round(event.sinceMs) },
        `${this.what} still failing, ${event.failures} times`,
      );
    }
  }

  succeeded(): void {
    const event = this.throttle.succeeded();
    if (event?.kind !== 'recovered') return;
    this.logger.info(
      { failures: event.failures, afterMs: Math.round(event.afterMs) },
      `${this.what} recovered after ${(event.afterMs / 1000).toFixed(1)} s`,
    );
  }
}
