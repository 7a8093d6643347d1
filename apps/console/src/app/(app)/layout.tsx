import type { ReactNode } from 'react';
import { AppShell } from '~/components/app-shell';
import { RedirectToSignIn } from '~/components/auth/redirect-to-sign-in';
import { getServerSession } from '~/lib/session';

export const dynamic = 'force-dynamic';

export default async function AppLayout({ children }: { children: ReactNode }) {
  // The browser knows the full URL (path and query) to come back to; the layout does not.
  if (!(await getServerSession())) return <RedirectToSignIn />;
  return <AppShell>{children}</AppShell>;
}
