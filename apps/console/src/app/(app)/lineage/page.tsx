import { ComingSoon } from '~/components/coming-soon';

export const metadata = { title: 'Lineage · Velo' };

export default function LineagePage() {
  return (
    <ComingSoon
      title="Lineage"
      description="See which jobs read and write which datasets, down to the columns."
    />
  );
}
