import type { RestartPolicy } from '@velo/db';

export interface BackoffSettings {
  baseMs: number;
  maxMs: number;
  /** `on-failure` gives up after this many restarts in a row. */
  maxRestarts: number;
}

export type AfterFailure = { restart: true; attempt: number; delayMs: number } | { restart: false };

/**
 * What to do after a run failed, the job having failed `restarts` times in a row before:
 * never → give up; on-failure → restart up to `maxRestarts` times; always → restart forever.
 * The delay doubles per restart from `baseMs`, capped at `maxMs`.
 */
export function afterFailure(
  policy: RestartPolicy,
  restarts: number,
  settings: BackoffSettings,
): AfterFailure {
  if (policy === 'never') return { restart: false };
  const attempt = restarts + 1;
  if (policy === 'on_failure' && attempt > settings.maxRestarts) return { restart: false };
  const delayMs = Math.min(settings.maxMs, settings.baseMs * 2 ** Math.min(restarts, 30));
  return { restart: true, attempt, delayMs };
}
