import { TeamPage } from '~/components/team/team-page';

export const metadata = { title: 'Team · Velo' };

export default function Page() {
  return <TeamPage />;
}
