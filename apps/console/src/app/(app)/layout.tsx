import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { AppShell } from '~/components/app-shell';
import { getServerSession } from '~/lib/session';

export const dynamic = 'force-dynamic';

export default async function AppLayout({ children }: { children: ReactNode }) {
  if (!(await getServerSession())) redirect('/sign-in');
  return <AppShell>{children}</AppShell>;
}
