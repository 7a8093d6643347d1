import { redirect } from 'next/navigation';
import { InvitationView } from '~/components/auth/invitation-view';
import { signInUrl } from '~/lib/return-to';
import { getServerSession } from '~/lib/session';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Invitation · Velo' };

/** The link mailed with an invitation: sign in (or up) first, then accept or decline. */
export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  if (!(await getServerSession())) redirect(signInUrl(`/invitations/${encodeURIComponent(token)}`));
  return (
    <div className="auth-screen">
      <div className="auth-brand">
        <span className="brand-mark">V</span>
        <span className="brand-name">Velo</span>
      </div>
      <InvitationView token={token} />
    </div>
  );
}
