import { AccountPage } from '~/components/auth/account-page';

export const metadata = { title: 'Account · Velo' };

export default function Page() {
  return <AccountPage />;
}
