import type { Role } from '@velo/db';
import { AppError } from '../../errors.ts';
import { roleChangeRefusal } from '../../roles.ts';
import { writeAudit } from '../audit/write-audit.ts';
import type { MutationDeps } from '../context.ts';
import { logMailFailure } from '../mail/log-mail-failure.ts';
import type { MailContext } from '../mail/mail-context.ts';
import { linkMail } from '../mail/mailer.ts';
import { INVITATION_TTL_MS, invitationUrl, newInvitationToken } from './invitation-token.ts';

export interface InviteOutcome {
  kind: 'invitation';
  invitationId: string;
  email: string;
  role: Role;
  expiresAt: Date;
}

/**
 * Invites `email` to the team: always a pending invitation with a mailed token link, whether or
 * not an account with that email exists (the answer must not tell which). Nobody becomes a
 * member until a signed-in user whose verified email is that address accepts it.
 */
export async function inviteMember(
  { prisma, actor }: MutationDeps,
  mail: MailContext,
  input: { teamId: string; actorRole: Role; email: string; role: Role },
): Promise<InviteOutcome> {
  const refusal = roleChangeRefusal(input.actorRole, null, input.role);
  if (refusal) throw new AppError('FORBIDDEN', refusal);
  const email = input.email.trim().toLowerCase();
  const { token, tokenHash } = newInvitationToken();
  const now = new Date();

  const { invitation, teamName, inviter } = await prisma.$transaction(async (tx) => {
    const member = await tx.membership.findFirst({
      where: { teamId: input.teamId, user: { email: { equals: email, mode: 'insensitive' } } },
    });
    if (member) {
      const message = `${email} is already a member of this team`;
      throw new AppError('CONFLICT', message, { email: [message] });
    }
    const previous = await tx.invitation.findUnique({
      where: { teamId_email: { teamId: input.teamId, email } },
    });
    const stillOpen =
      previous &&
      !previous.acceptedAt &&
      !previous.declinedAt &&
      (!previous.expiresAt || previous.expiresAt > now);
    if (stillOpen) {
      const message = `${email} has already been invited`;
      throw new AppError('CONFLICT', message, { email: [message] });
    }
    // An accepted, declined or expired invitation is replaced by a fresh one.
    if (previous) await tx.invitation.delete({ where: { id: previous.id } });
    const created = await tx.invitation.create({
      data: {
        teamId: input.teamId,
        email,
        role: input.role,
        invitedById: actor.userId,
        tokenHash,
        expiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
      },
    });
    await writeAudit(tx, {
      teamId: input.teamId,
      actorId: actor.userId,
      ip: actor.ip,
      action: 'invitation.create',
      objectType: 'invitation',
      objectId: created.id,
      details: { email, role: input.role },
    });
    const team = await tx.team.findUniqueOrThrow({ where: { id: input.teamId } });
    const by = await tx.user.findUnique({ where: { id: actor.userId } });
    return {
      invitation: created,
      teamName: team.name,
      inviter: by?.name || by?.email || 'A team admin',
    };
  });

  // Sent after the commit: a mail failure leaves the invitation, which can be revoked and sent
  // again; it never undoes it silently.
  await mail.mailer
    .send(
      linkMail({
        to: email,
        subject: `You are invited to the team ${teamName} on Velo`,
        paragraphs: [
          `${inviter} invited ${email} to join the team "${teamName}" on Velo as ${input.role}.`,
          'Open the link, sign in (or create an account) with this email address, and accept or decline the invitation. The link works for 7 days.',
        ],
        linkLabel: 'Accept or decline the invitation',
        url: invitationUrl(mail.baseURL, token),
      }),
    )
    .catch((error: unknown) => logMailFailure('invitation', error));

  return {
    kind: 'invitation',
    invitationId: invitation.id,
    email,
    role: input.role,
    expiresAt: invitation.expiresAt!,
  };
}
