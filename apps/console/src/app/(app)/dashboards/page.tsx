import { ComingSoon } from '~/components/coming-soon';

export const metadata = { title: 'Dashboards · Velo' };

export default function DashboardsPage() {
  return (
    <ComingSoon
      title="Dashboards"
      description="Chart job throughput, latency, consumer lag and your own @metric annotations over time."
    />
  );
}
