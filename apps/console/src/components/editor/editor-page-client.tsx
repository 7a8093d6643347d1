'use client';

import dynamic from 'next/dynamic';
import { Suspense } from 'react';

// Monaco and the engine only run in the browser; the page shell renders on the server.
const loadWorkspace = () => import('./editor-workspace').then((m) => m.EditorWorkspace);

// Start downloading and evaluating the editor chunk (Monaco is most of it) as soon as this page's
// code runs, while the shell still waits for the session's user and teams, instead of after the
// shell has rendered: the two waits overlap. next/dynamic then finds the module already loaded.
if (typeof window !== 'undefined') void loadWorkspace();

const EditorWorkspace = dynamic(loadWorkspace, {
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
