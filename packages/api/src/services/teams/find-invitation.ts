import type { InvitationModel as Invitation, Role } from '@velo/db';
import type { Db } from '../../db.ts';
import { AppError } from '../../errors.ts';
import { writeAudit } from '../audit/write-audit.ts';
import type { Actor } from '../context.ts';
import { hashInvitationToken } from './invitation-token.ts';

/** Which invitation: the token of the mailed link, or its id from the list of pending ones. */
export type InvitationRef = { token: string } | { invitationId: string };

export type InvitationStatus = 'pending' | 'accepted' | 'declined' | 'expired';

export const INVITATION_NOT_FOUND = 'Invitation not found. It may have been revoked or replaced.';

export function invitationStatus(invitation: Invitation, now = new Date()): InvitationStatus {
  if (invitation.acceptedAt) return 'accepted';
  if (invitation.declinedAt) return 'declined';
  if (invitation.expiresAt && invitation.expiresAt <= now) return 'expired';
  return 'pending';
}

export interface InvitationWithTeam extends Invitation {
  team: { id: string; name: string };
}

/**
 * The invitation `ref` names, for `actor` to accept or decline: only a signed-in user whose
 * verified email is the invited address may. Refusals are audited in the invitation's team.
 * Looked up by id, an invitation for someone else is "not found" (ids must not be probed).
 */
export async function findInvitationForInvitee(
  db: Db,
  actor: Actor,
  ref: InvitationRef,
  verb: 'accept' | 'decline',
): Promise<InvitationWithTeam> {
  const invitation = await db.invitation.findFirst({
    where:
      'token' in ref ? { tokenHash: hashInvitationToken(ref.token) } : { id: ref.invitationId },
    include: { team: { select: { id: true, name: true } } },
  });
  if (!invitation) throw new AppError('NOT_FOUND', INVITATION_NOT_FOUND);
  const user = await db.user.findUniqueOrThrow({ where: { id: actor.userId } });
  const refuse = async (reason: string, error: AppError) => {
    await writeAudit(db, {
      teamId: invitation.teamId,
      actorId: actor.userId,
      ip: actor.ip,
      action: 'invitation.refuse',
      objectType: 'invitation',
      objectId: invitation.id,
      details: { verb, reason, email: invitation.email, callerEmail: user.email },
    });
    throw error;
  };
  if (user.email.toLowerCase() !== invitation.email.toLowerCase()) {
    if ('invitationId' in ref) throw new AppError('NOT_FOUND', INVITATION_NOT_FOUND);
    return refuse(
      'other email',
      new AppError(
        'FORBIDDEN',
        `This invitation was sent to ${invitation.email}. Sign in with that address to ${verb} it.`,
      ),
    );
  }
  if (!user.emailVerified) {
    return refuse(
      'email not verified',
      new AppError(
        'FORBIDDEN',
        `Verify your email address first: open the link we mailed to ${user.email}.`,
      ),
    );
  }
  const status = invitationStatus(invitation);
  if (status === 'expired') {
    return refuse(
      'expired',
      new AppError('PRECONDITION_FAILED', 'This invitation has expired. Ask for a new one.'),
    );
  }
  if (status !== 'pending') {
    throw new AppError('PRECONDITION_FAILED', `This invitation has already been ${status}.`);
  }
  return invitation;
}

export interface InvitationView {
  id: string;
  teamId: string;
  teamName: string;
  email: string;
  role: Role;
  invitedBy: string;
  createdAt: Date;
  expiresAt: Date | null;
  status: InvitationStatus;
}
