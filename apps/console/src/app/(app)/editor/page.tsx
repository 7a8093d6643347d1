import { ComingSoon } from '~/components/coming-soon';

export const metadata = { title: 'Editor · Velo' };

export default function EditorPage() {
  return (
    <ComingSoon
      title="Editor"
      description="Write Velo SQL with completion and inline errors, and preview results in the browser before you run a job."
    />
  );
}
