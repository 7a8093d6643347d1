'use client';

import { DiffEditor } from '@monaco-editor/react';
import type * as Monaco from 'monaco-editor/editor/editor.api';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ResolvedTheme } from '~/lib/theme';
import './monaco-setup';
import { VELO_SQL } from './velo-sql-language';

/** Side by side from this width; inline (one column) on narrow screens. */
const SIDE_BY_SIDE_MIN_PX = 700;

/**
 * Two SQL texts in Monaco's diff editor (read-only: edits happen in the editor): the job's saved
 * SQL against the editor's (before a new version is saved, the editor's Diff toggle) and any two
 * saved versions of a job (the job page's Versions tab).
 */
export function SqlDiff({
  original,
  modified,
  theme,
  height,
  label,
}: {
  original: string;
  modified: string;
  theme: ResolvedTheme;
  height: string;
  label: string;
}) {
  const [wide, setWide] = useState(true);
  useEffect(() => {
    const query = window.matchMedia(`(min-width: ${SIDE_BY_SIDE_MIN_PX}px)`);
    const update = () => setWide(query.matches);
    update();
    query.addEventListener('change', update);
    return () => query.removeEventListener('change', update);
  }, []);
  const options = useMemo<Monaco.editor.IDiffEditorConstructionOptions>(
    () => ({
      readOnly: true,
      originalEditable: false,
      renderSideBySide: wide,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      automaticLayout: true,
      fontSize: 13,
      renderOverviewRuler: false,
      ariaLabel: label,
    }),
    [wide, label],
  );
  // Each side's text box is named (axe: aria-input-field-name). Set on the two inner editors
  // after every options update: the diff editor's own originalAriaLabel/modifiedAriaLabel are
  // reset to '' by any later updateOptions that does not repeat them (monaco-editor 0.57).
  // The label is read through a ref: the wrapper may call an onMount of an earlier render (a
  // Swap pressed while the editor loads), which must still name the sides by the current label.
  const diffEditor = useRef<Monaco.editor.IStandaloneDiffEditor | null>(null);
  const currentLabel = useRef(label);
  currentLabel.current = label;
  const nameSides = () => {
    const name = currentLabel.current;
    diffEditor.current?.getOriginalEditor().updateOptions({ ariaLabel: `${name}: before` });
    diffEditor.current?.getModifiedEditor().updateOptions({ ariaLabel: `${name}: after` });
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs after the wrapper applied options
  useEffect(nameSides, [options]);
  return (
    <section className="sql-diff" aria-label={label} data-testid="sql-diff">
      <DiffEditor
        original={original}
        modified={modified}
        language={VELO_SQL}
        height={height}
        theme={theme === 'dark' ? 'velo-dark' : 'velo-light'}
        loading={<div className="editor-loading">Loading diff…</div>}
        options={options}
        onMount={(editor) => {
          diffEditor.current = editor;
          nameSides();
        }}
      />
    </section>
  );
}
