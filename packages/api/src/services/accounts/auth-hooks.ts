/**
 * better-auth `hooks.before` / `hooks.after` for Velo's account rules: the password policy, the
 * per-account sign-in backoff, and the audit of account events (with the caller's IP).
 */
import type { PrismaClient } from '@velo/db';
import { APIError, createAuthMiddleware, getIP, getSessionFromCtx } from 'better-auth/api';
import { logServerError } from '../../log.ts';
import { auditAccountEvent } from './audit-account-event.ts';
import { passwordProblem } from './password-policy.ts';
import { clearSignInFailures, recordSignInFailure, signInLockSeconds } from './sign-in-backoff.ts';

type HookContext = Parameters<Parameters<typeof createAuthMiddleware>[0]>[0];

/** Paths whose body carries a new password, and the body field that holds it. */
const NEW_PASSWORD_FIELD: Record<string, string> = {
  '/sign-up/email': 'password',
  '/change-password': 'newPassword',
  '/reset-password': 'newPassword',
  '/set-password': 'newPassword',
};

/** Session changes audited before they happen (afterwards the session is gone). */
const SESSION_EVENTS: Record<string, string> = {
  '/sign-out': 'user.signOut',
  '/revoke-session': 'session.revoke',
  '/revoke-sessions': 'session.revokeAll',
  '/revoke-other-sessions': 'session.revokeOthers',
};

function ipOf(ctx: HookContext): string | null {
  const source = ctx.request ?? ctx.headers;
  if (!source) return null;
  return getIP(source, ctx.context.options);
}

function emailOf(ctx: HookContext): string | null {
  const email = (ctx.body as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' ? email.trim().toLowerCase().slice(0, 254) : null;
}

async function audit(prisma: PrismaClient, event: Parameters<typeof auditAccountEvent>[1]) {
  // The audit must not turn a sign-in into a failure; an operator sees the log line.
  await auditAccountEvent(prisma, event).catch((error: unknown) =>
    logServerError(`auditing ${event.action}`, error),
  );
}

export function accountBeforeHook(prisma: PrismaClient) {
  return createAuthMiddleware(async (ctx) => {
    const field = NEW_PASSWORD_FIELD[ctx.path];
    if (field) {
      const problem = passwordProblem((ctx.body as Record<string, unknown> | undefined)?.[field]);
      if (problem) throw new APIError('BAD_REQUEST', problem);
    }
    if (ctx.path === '/sign-in/email') {
      const email = emailOf(ctx);
      if (!email) return;
      const seconds = await signInLockSeconds(prisma, email);
      if (seconds > 0) {
        const user = await prisma.user.findUnique({ where: { email }, select: { id: true } });
        await audit(prisma, {
          action: 'user.signInFailed',
          userId: user?.id ?? null,
          ip: ipOf(ctx),
          details: { email, reason: 'locked' },
        });
        throw new APIError('TOO_MANY_REQUESTS', {
          code: 'ACCOUNT_LOCKED',
          message: `Too many failed sign-ins for this account. Try again in ${seconds} seconds.`,
        });
      }
    }
    const sessionEvent = SESSION_EVENTS[ctx.path];
    if (sessionEvent) {
      const session = await getSessionFromCtx(ctx).catch(() => null);
      if (session) {
        await audit(prisma, {
          action: sessionEvent,
          userId: session.user.id,
          ip: ipOf(ctx),
        });
      }
    }
  });
}

function failed(ctx: HookContext): APIError | null {
  const returned = ctx.context.returned;
  return returned instanceof APIError ? returned : null;
}

export function accountAfterHook(prisma: PrismaClient) {
  return createAuthMiddleware(async (ctx) => {
    const error = failed(ctx);
    switch (ctx.path) {
      case '/sign-in/email': {
        const email = emailOf(ctx);
        if (!email) return;
        if (error) {
          // Refusals before the password check (locked, bad input) are not password failures.
          if (error.statusCode !== 401 && error.statusCode !== 403) return;
          const user = await prisma.user.findUnique({ where: { email }, select: { id: true } });
          const failures = await recordSignInFailure(prisma, email);
          await audit(prisma, {
            action: 'user.signInFailed',
            userId: user?.id ?? null,
            ip: ipOf(ctx),
            details: { email, reason: error.body?.code ?? 'invalid', failures },
          });
          return;
        }
        const userId = ctx.context.newSession?.user.id ?? null;
        await clearSignInFailures(prisma, email);
        await audit(prisma, { action: 'user.signIn', userId, ip: ipOf(ctx) });
        return;
      }
      case '/sign-up/email': {
        if (error) return;
        const returned = ctx.context.returned as { user?: { id?: string } } | undefined;
        const userId = ctx.context.newSession?.user.id ?? returned?.user?.id ?? null;
        await audit(prisma, { action: 'user.signUp', userId, ip: ipOf(ctx) });
        return;
      }
      case '/change-password': {
        if (error) return;
        const returned = ctx.context.returned as { user?: { id?: string } } | undefined;
        await audit(prisma, {
          action: 'user.changePassword',
          userId: returned?.user?.id ?? null,
          ip: ipOf(ctx),
        });
        return;
      }
      case '/verify-email': {
        if (error) return;
        const userId = ctx.context.newSession?.user.id ?? null;
        if (userId) await audit(prisma, { action: 'user.verifyEmail', userId, ip: ipOf(ctx) });
        return;
      }
    }
  });
}
