import { createHash, randomBytes } from 'node:crypto';

/** Invitations can be accepted for this long after they are sent. */
export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export function hashInvitationToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A fresh link token (sent by mail, never stored) and the hash that is stored. */
export function newInvitationToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashInvitationToken(token) };
}

export function invitationUrl(baseURL: string, token: string): string {
  return new URL(`/invitations/${encodeURIComponent(token)}`, baseURL).toString();
}
