import { redirect } from 'next/navigation';
import { SignUpForm } from '~/components/auth/sign-up-form';
import { safeReturnTo } from '~/lib/return-to';
import { getServerSession } from '~/lib/session';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Create your account · Velo' };

export default async function SignUpPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  // The page that was asked for before signing in (only paths on this site).
  const next = safeReturnTo((await searchParams).next);
  if (await getServerSession()) redirect(next);
  return <SignUpForm next={next} />;
}
