import { redirect } from 'next/navigation';
import { SignUpForm } from '~/components/auth/sign-up-form';
import { getServerSession } from '~/lib/session';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Create your account · Velo' };

export default async function SignUpPage() {
  if (await getServerSession()) redirect('/connections');
  return <SignUpForm />;
}
