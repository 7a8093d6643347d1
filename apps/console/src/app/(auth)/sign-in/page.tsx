import { redirect } from 'next/navigation';
import { SignInForm } from '~/components/auth/sign-in-form';
import { safeReturnTo } from '~/lib/return-to';
import { getServerSession } from '~/lib/session';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Sign in · Velo' };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  // The page that was asked for before signing in (only paths on this site).
  const next = safeReturnTo((await searchParams).next);
  if (await getServerSession()) redirect(next);
  return <SignInForm next={next} />;
}
