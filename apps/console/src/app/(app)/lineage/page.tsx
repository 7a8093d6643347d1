import { Suspense } from 'react';
import { LineagePage } from '~/components/lineage/lineage-page';

export const metadata = { title: 'Lineage · Velo' };

export default function Page() {
  return (
    <Suspense fallback={<p className="muted">Loading lineage…</p>}>
      <LineagePage />
    </Suspense>
  );
}
