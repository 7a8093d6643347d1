import { redirect } from 'next/navigation';
import { SignInForm } from '~/components/auth/sign-in-form';
import { getServerSession } from '~/lib/session';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Sign in · Velo' };

export default async function SignInPage() {
  if (await getServerSession()) redirect('/connections');
  return <SignInForm />;
}
