import { Suspense } from 'react';
import { DashboardsPage } from '~/components/dashboards/dashboards-page';

export const metadata = { title: 'Dashboards · Velo' };

export default function Page() {
  return (
    <Suspense fallback={<p className="muted">Loading dashboards…</p>}>
      <DashboardsPage />
    </Suspense>
  );
}
