import { Suspense } from 'react';
import { JobDetail } from '~/components/jobs/job-detail';

export const metadata = { title: 'Job · Velo' };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <Suspense fallback={<p className="muted">Loading job…</p>}>
      <JobDetail jobId={id} />
    </Suspense>
  );
}
