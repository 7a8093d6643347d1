/**
 * The one tRPC setup file: context, error mapping and the procedure builders. `protectedProcedure`
 * and `teamProcedure` are the only places that check who may do what.
 */
import { initTRPC, TRPCError } from '@trpc/server';
import type { Keyring, PrismaClient, Role } from '@velo/db';
import superjson from 'superjson';
import { ZodError, z } from 'zod';
import { type Auth, getAuth } from './auth.ts';
import { type SessionUser, sessionUserOf } from './auth-session.ts';
import { getKeyring, getPrisma } from './db.ts';
import { AppError, type AppErrorCode } from './errors.ts';
import { logServerError } from './log.ts';
import { roleAtLeast } from './roles.ts';
import { auditRefusedCall } from './services/audit/audit-refused-call.ts';
import { cachePerOwner } from './session-cache.ts';

export type { SessionUser };

export interface TRPCContext {
  prisma: PrismaClient;
  auth: Auth;
  /** Loaded on first use, so requests that touch no secret work without VELO_SECRET_KEY. */
  getKeyring: () => Keyring;
  user: SessionUser | null;
  /** The client address as the HTTP layer determined it (for the audit log). */
  ip: string | null;
}

export interface CreateContextOptions {
  headers: Headers;
  ip?: string | null;
  /** Overrides of the environment-built singletons (tests, scripts). */
  prisma?: PrismaClient;
  auth?: Auth;
  getKeyring?: () => Keyring;
}

export async function createTRPCContext(options: CreateContextOptions): Promise<TRPCContext> {
  const auth = options.auth ?? getAuth();
  return {
    prisma: options.prisma ?? getPrisma(),
    auth,
    getKeyring: options.getKeyring ?? getKeyring,
    user: await sessionUserOf(auth, options.headers),
    ip: options.ip ?? null,
  };
}

const TRPC_CODE: Record<AppErrorCode, TRPCError['code']> = {
  UNAUTHORIZED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  INVALID_INPUT: 'BAD_REQUEST',
  PRECONDITION_FAILED: 'PRECONDITION_FAILED',
  TOO_MANY_REQUESTS: 'TOO_MANY_REQUESTS',
};

/** Dotted input path -> messages, from a zod failure or an AppError that carries them. */
export function fieldErrorsOf(cause: unknown): Record<string, string[]> | undefined {
  if (cause instanceof AppError) return cause.fieldErrors;
  if (!(cause instanceof ZodError)) return undefined;
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of cause.issues) {
    const path = issue.path.map(String).join('.');
    if (!fieldErrors[path]) fieldErrors[path] = [];
    fieldErrors[path].push(issue.message);
  }
  return fieldErrors;
}

// Prisma's codes for values the database cannot take (too long, out of range, malformed).
const BAD_VALUE_CODES = new Set([
  'P2000',
  'P2006',
  'P2007',
  'P2009',
  'P2012',
  'P2020',
  'P2023',
  'P2033',
]);

/** A database refusal caused by the caller's value rather than by the server. */
function isBadValue(cause: unknown): boolean {
  const error = cause as { name?: string; code?: string } | undefined;
  if (!error) return false;
  if (error.name === 'PrismaClientValidationError') return true;
  return error.name === 'PrismaClientKnownRequestError' && BAD_VALUE_CODES.has(error.code ?? '');
}

/** Whether any string (or key) in `value` holds a NUL character, which PostgreSQL cannot store. */
export function hasNulCharacter(value: unknown, depth = 0): boolean {
  if (depth > 32) return false;
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some((item) => hasNulCharacter(item, depth + 1));
  if (value && typeof value === 'object') {
    return Object.entries(value).some(
      ([key, item]) => key.includes('\u0000') || hasNulCharacter(item, depth + 1),
    );
  }
  return false;
}

/**
 * Turns what a procedure threw into the error the client sees: AppErrors keep their message
 * under their mapped code; input validation failures say their first problem in words
 * (the per-field messages go to `data.fieldErrors`).
 */
function toClientError(error: TRPCError): TRPCError {
  const cause = error.cause;
  if (cause instanceof AppError) {
    return new TRPCError({ code: TRPC_CODE[cause.code], message: cause.message, cause });
  }
  if (cause instanceof ZodError && error.code === 'BAD_REQUEST') {
    const first = cause.issues[0];
    return new TRPCError({
      code: 'BAD_REQUEST',
      message: first?.message ?? 'Invalid input',
      cause,
    });
  }
  if (isBadValue(cause)) {
    return new TRPCError({
      code: 'BAD_REQUEST',
      message: 'A value is too long or out of range',
      cause,
    });
  }
  return error;
}

const t = initTRPC.context<TRPCContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    // Unexpected failures may carry driver or query details; the client gets a generic line.
    const internal = error.code === 'INTERNAL_SERVER_ERROR';
    const { stack: _stack, ...data } = shape.data;
    return {
      ...shape,
      message: internal ? 'Something went wrong on the server' : shape.message,
      data: { ...data, fieldErrors: fieldErrorsOf(error.cause) ?? null },
    };
  },
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

const errorMapping = t.middleware(async ({ next, path, getRawInput }) => {
  // Checked before any procedure runs: a NUL would otherwise reach PostgreSQL and fail there.
  if (hasNulCharacter(await getRawInput().catch(() => undefined))) {
    throw new TRPCError({ code: 'BAD_REQUEST', message: 'Text may not contain NUL characters' });
  }
  const result = await next();
  if (result.ok) return result;
  const error = toClientError(result.error);
  if (error.code === 'INTERNAL_SERVER_ERROR') logServerError(path, error.cause ?? error);
  return { ...result, error };
});

interface TeamMembership {
  role: Role;
  team: { id: string; name: string; slug: string };
}

/**
 * Memberships by `userId:teamId`, per Prisma client, kept for a few seconds (session-cache.ts):
 * every team call checks one. Emptied after any mutation of this process, since a mutation may
 * add, remove or re-role a member, rename or delete a team.
 */
export const membershipCacheOf = cachePerOwner<TeamMembership>();

const membershipInvalidation = t.middleware(async ({ ctx, type, next }) => {
  if (type !== 'mutation') return next();
  try {
    return await next();
  } finally {
    membershipCacheOf(ctx.prisma).clear();
  }
});

export const publicProcedure = t.procedure.use(errorMapping).use(membershipInvalidation);

/** Signed-in callers only; narrows `ctx.user` and fixes the audit actor. */
export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new AppError('UNAUTHORIZED', 'Sign in to continue');
  return next({ ctx: { user: ctx.user, actor: { userId: ctx.user.id, ip: ctx.ip } } });
});

export const ZTeamScopedRequest = z.object({
  teamId: z.string({ error: 'Team is required' }).min(1, 'Team is required').max(64),
});

/**
 * Members of `input.teamId` with at least `minRole`. A team the caller is not in does not exist
 * as far as they can tell (NOT_FOUND); a member below `minRole` gets FORBIDDEN. Services then
 * scope every object lookup by `ctx.team.id`, so another team's objects are not found either.
 */
export function teamProcedure(minRole: Role) {
  return protectedProcedure.input(ZTeamScopedRequest).use(async ({ ctx, input, next, path }) => {
    const membership = await membershipCacheOf(ctx.prisma).get(
      `${ctx.user.id}:${input.teamId}`,
      async () => {
        const row = await ctx.prisma.membership.findUnique({
          where: { teamId_userId: { teamId: input.teamId, userId: ctx.user.id } },
          select: { role: true, team: { select: { id: true, name: true, slug: true } } },
        });
        return row ? { value: row } : null;
      },
    );
    if (!membership) {
      await auditRefusedCall(ctx.prisma, ctx.actor, { path, teamId: null, asked: input.teamId });
      throw new AppError('NOT_FOUND', 'Team not found');
    }
    if (!roleAtLeast(membership.role, minRole)) {
      await auditRefusedCall(ctx.prisma, ctx.actor, {
        path,
        teamId: input.teamId,
        role: membership.role,
        needed: minRole,
      });
      throw new AppError(
        'FORBIDDEN',
        `This needs the ${minRole} role or higher; you are ${membership.role}`,
      );
    }
    return next({ ctx: { team: { ...membership.team, role: membership.role } } });
  });
}
