import { ConnectionsPage } from '~/components/connections/connections-page';

export const metadata = { title: 'Connections · Velo' };

export default function Page() {
  return <ConnectionsPage />;
}
