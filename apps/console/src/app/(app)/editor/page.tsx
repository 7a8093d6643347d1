import { EditorPageClient } from '~/components/editor/editor-page-client';

export const metadata = { title: 'Editor · Velo' };

export default function EditorPage() {
  return <EditorPageClient />;
}
