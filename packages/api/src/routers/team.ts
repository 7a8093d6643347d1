import { z } from 'zod';
import { ROLES } from '../roles.ts';
import { mailContextOf } from '../services/mail/mail-context.ts';
import { changeMemberRole } from '../services/teams/change-member-role.ts';
import { createTeam } from '../services/teams/create-team.ts';
import { deleteTeam } from '../services/teams/delete-team.ts';
import { inviteMember } from '../services/teams/invite-member.ts';
import { listMembers } from '../services/teams/list-members.ts';
import { removeMember } from '../services/teams/remove-member.ts';
import { revokeInvitation } from '../services/teams/revoke-invitation.ts';
import { createTRPCRouter, protectedProcedure, teamProcedure } from '../trpc.ts';

export const ZRole = z.enum(ROLES, { error: 'Role must be one of OWNER, ADMIN, EDITOR, VIEWER' });

export const ZTeamSummary = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  role: ZRole,
});

const ZUserId = z.string({ error: 'User is required' }).min(1, 'User is required').max(64);

export const ZCreateTeamRequest = z.object({
  name: z
    .string({ error: 'Team name is required' })
    .trim()
    .min(1, 'Team name is required')
    .max(64, 'Team name must be at most 64 characters'),
});
export const ZCreateTeamResponse = ZTeamSummary;

export const ZListMembersResponse = z.object({
  members: z.array(
    z.object({
      userId: z.string(),
      name: z.string(),
      email: z.string(),
      role: ZRole,
      joinedAt: z.date(),
    }),
  ),
  invitations: z.array(
    z.object({
      id: z.string(),
      email: z.string(),
      role: ZRole,
      createdAt: z.date(),
      expiresAt: z.date().nullable(),
      status: z.enum(['pending', 'declined', 'expired']),
    }),
  ),
});

export const ZInviteMemberRequest = z.object({
  email: z
    .string({ error: 'Email is required' })
    .trim()
    .toLowerCase()
    .min(1, 'Email is required')
    .max(254, 'Email must be at most 254 characters')
    .pipe(z.email({ error: 'Enter a valid email address' })),
  role: ZRole,
});
/** The same answer whether or not the address has an account (nothing to learn from it). */
export const ZInviteMemberResponse = z.object({
  kind: z.literal('invitation'),
  invitationId: z.string(),
  email: z.string(),
  role: ZRole,
  expiresAt: z.date(),
});

export const ZChangeRoleRequest = z.object({ userId: ZUserId, role: ZRole });
export const ZChangeRoleResponse = z.object({ userId: z.string(), role: ZRole });

export const ZRemoveMemberRequest = z.object({ userId: ZUserId });
export const ZRemoveMemberResponse = z.object({ userId: z.string() });

export const ZRevokeInvitationRequest = z.object({
  invitationId: z
    .string({ error: 'Invitation is required' })
    .min(1, 'Invitation is required')
    .max(64),
});
export const ZRevokeInvitationResponse = z.object({ id: z.string() });

export const ZDeleteTeamRequest = z.object({
  confirmName: z
    .string({ error: 'Type the team name to confirm' })
    .min(1, 'Type the team name to confirm')
    .max(200, 'Type the team name to confirm'),
});
export const ZDeleteTeamResponse = z.object({
  id: z.string(),
  name: z.string(),
  stoppedJobs: z.number(),
});

export const teamRouter = createTRPCRouter({
  create: protectedProcedure
    .input(ZCreateTeamRequest)
    .output(ZCreateTeamResponse)
    .mutation(({ ctx, input }) => createTeam({ prisma: ctx.prisma, actor: ctx.actor }, input)),

  members: teamProcedure('VIEWER')
    .output(ZListMembersResponse)
    .query(({ ctx }) => listMembers({ prisma: ctx.prisma }, { teamId: ctx.team.id })),

  invite: teamProcedure('ADMIN')
    .input(ZInviteMemberRequest)
    .output(ZInviteMemberResponse)
    .mutation(({ ctx, input }) =>
      inviteMember({ prisma: ctx.prisma, actor: ctx.actor }, mailContextOf(ctx.auth), {
        teamId: ctx.team.id,
        actorRole: ctx.team.role,
        email: input.email,
        role: input.role,
      }),
    ),

  changeRole: teamProcedure('ADMIN')
    .input(ZChangeRoleRequest)
    .output(ZChangeRoleResponse)
    .mutation(({ ctx, input }) =>
      changeMemberRole(
        { prisma: ctx.prisma, actor: ctx.actor },
        { teamId: ctx.team.id, actorRole: ctx.team.role, userId: input.userId, role: input.role },
      ),
    ),

  removeMember: teamProcedure('ADMIN')
    .input(ZRemoveMemberRequest)
    .output(ZRemoveMemberResponse)
    .mutation(({ ctx, input }) =>
      removeMember(
        { prisma: ctx.prisma, actor: ctx.actor },
        { teamId: ctx.team.id, actorRole: ctx.team.role, userId: input.userId },
      ),
    ),

  revokeInvitation: teamProcedure('ADMIN')
    .input(ZRevokeInvitationRequest)
    .output(ZRevokeInvitationResponse)
    .mutation(({ ctx, input }) =>
      revokeInvitation(
        { prisma: ctx.prisma, actor: ctx.actor },
        { teamId: ctx.team.id, invitationId: input.invitationId },
      ),
    ),

  /** Deletes the team and everything it owns (owners only, typed confirmation, audited). */
  delete: teamProcedure('OWNER')
    .input(ZDeleteTeamRequest)
    .output(ZDeleteTeamResponse)
    .mutation(({ ctx, input }) =>
      deleteTeam(ctx.prisma, ctx.actor, { teamId: ctx.team.id, confirmName: input.confirmName }),
    ),
});
