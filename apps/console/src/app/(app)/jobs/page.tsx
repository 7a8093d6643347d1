import { Suspense } from 'react';
import { JobsPage } from '~/components/jobs/jobs-page';

export const metadata = { title: 'Jobs · Velo' };

export default function Page() {
  return (
    <Suspense fallback={<p className="muted">Loading jobs…</p>}>
      <JobsPage />
    </Suspense>
  );
}
