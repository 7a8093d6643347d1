'use client';

import dynamic from 'next/dynamic';
import { Suspense } from 'react';

// Monaco and the engine only run in the browser; the page shell renders on the server.
const EditorWorkspace = dynamic(() => import('./editor-workspace').then((m) => m.EditorWorkspace), {
  ssr: false,
  loading: () => <div className="editor-loading">Loading editor…</div>,
});

export function EditorPageClient() {
  return (
    <Suspense fallback={<div className="editor-loading">Loading editor…</div>}>
      <EditorWorkspace />
    </Suspense>
  );
}
