import { AuditPage } from '~/components/audit/audit-page';

export const metadata = { title: 'Audit · Velo' };

export default function Page() {
  return <AuditPage />;
}
