import { ComingSoon } from '~/components/coming-soon';

export const metadata = { title: 'Jobs · Velo' };

export default function JobsPage() {
  return (
    <ComingSoon
      title="Jobs"
      description="Start, stop and restart streaming jobs, and follow their logs, metrics and dead-letter records."
    />
  );
}
