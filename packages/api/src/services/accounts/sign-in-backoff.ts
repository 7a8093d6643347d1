import type { Db } from '../../db.ts';

/** Failed sign-ins allowed before the account (email) is locked. */
export const FREE_SIGN_IN_FAILURES = 5;
const BASE_LOCK_MS = 30_000;
const MAX_LOCK_MS = 15 * 60_000;

/** How long the lock lasts after the `failures`-th consecutive failure (0: not locked). */
export function lockDurationMs(failures: number): number {
  if (failures < FREE_SIGN_IN_FAILURES) return 0;
  return Math.min(BASE_LOCK_MS * 2 ** (failures - FREE_SIGN_IN_FAILURES), MAX_LOCK_MS);
}

function key(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Seconds until `email` may try to sign in again, or 0. Kept per email whether or not an
 * account exists, so the lock tells an attacker nothing about which addresses have accounts.
 */
export async function signInLockSeconds(db: Db, email: string, now = new Date()) {
  const row = await db.signInThrottle.findUnique({ where: { email: key(email) } });
  if (!row?.lockedUntil || row.lockedUntil <= now) return 0;
  return Math.ceil((row.lockedUntil.getTime() - now.getTime()) / 1000);
}

/** Counts a failed sign-in and locks the email once it has failed too often in a row. */
export async function recordSignInFailure(db: Db, email: string, now = new Date()) {
  const row = await db.signInThrottle.upsert({
    where: { email: key(email) },
    create: { email: key(email), failures: 1, lastFailureAt: now },
    update: { failures: { increment: 1 }, lastFailureAt: now },
  });
  const lockMs = lockDurationMs(row.failures);
  if (lockMs > 0) {
    await db.signInThrottle.update({
      where: { email: row.email },
      data: { lockedUntil: new Date(now.getTime() + lockMs) },
    });
  }
  return row.failures;
}

/** A successful sign-in starts the count again. */
export async function clearSignInFailures(db: Db, email: string) {
  await db.signInThrottle.deleteMany({ where: { email: key(email) } });
}
