import { AppError } from '../../errors.ts';

/**
 * Connection tests open sockets to places users choose, so they are rationed: per user and per
 * team, in a sliding minute, per server process. Enough for someone fixing a connection; far
 * too few to scan a network's ports.
 */
export const PROBES_PER_USER_PER_MINUTE = 20;
export const PROBES_PER_TEAM_PER_MINUTE = 60;
const WINDOW_MS = 60_000;

const recent = new Map<string, number[]>();

function take(key: string, limit: number, now: number): number | null {
  const times = (recent.get(key) ?? []).filter((time) => now - time < WINDOW_MS);
  if (times.length >= limit) {
    recent.set(key, times);
    return Math.max(1, Math.ceil((times[0] + WINDOW_MS - now) / 1000));
  }
  times.push(now);
  recent.set(key, times);
  return null;
}

/** Counts one probe for `userId` in `teamId`, or throws TOO_MANY_REQUESTS with the wait. */
export function takeProbeToken(userId: string, teamId: string, now = Date.now()): void {
  const userWait = take(`user:${userId}`, PROBES_PER_USER_PER_MINUTE, now);
  const teamWait =
    userWait === null ? take(`team:${teamId}`, PROBES_PER_TEAM_PER_MINUTE, now) : null;
  const wait = userWait ?? teamWait;
  if (wait !== null) {
    throw new AppError('TOO_MANY_REQUESTS', `Too many connection tests; try again in ${wait} s`);
  }
  if (recent.size > 10_000) {
    for (const [key, times] of recent) {
      if (times.every((time) => now - time >= WINDOW_MS)) recent.delete(key);
    }
  }
}
