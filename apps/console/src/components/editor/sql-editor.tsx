'use client';

import Editor, { type OnMount } from '@monaco-editor/react';
import type { Diagnostic } from '@velo/engine';
import { useEffect, useRef } from 'react';
import type { ResolvedTheme } from '~/lib/theme';
import { hoverColumns, hoverDecimals, registerCompletion } from './completion';
import { registerLanguageFeatures } from './language-features';
import { MARKER_OWNER, registerQuickFixes, toMarkers } from './markers';
import { monaco } from './monaco-setup';
import { VELO_SQL } from './velo-sql-language';

export type RunScope = 'statement' | 'all';

export interface EditorHandle {
  revealPosition(line: number, column: number): void;
  insert(text: string): void;
  focus(): void;
  /** Runs Format Document (the formatting provider in language-features.ts). */
  format(): void;
}

interface SqlEditorProps {
  /** One Monaco model per tab, so undo history and cursor survive switching tabs. */
  path: string;
  value: string;
  theme: ResolvedTheme;
  diagnostics: Diagnostic[];
  onChange(value: string): void;
  onRun(scope: RunScope, cursorOffset: number): void;
  /** The cursor's offset, for the toolbar's Preview button. */
  onCursor?(offset: number): void;
  onReady?(handle: EditorHandle): void;
}

let providersRegistered = false;

export function SqlEditor(props: SqlEditorProps) {
  const editorRef = useRef<Parameters<OnMount>[0] | null>(null);
  // Actions are registered once per editor: they read the latest callbacks through this ref.
  const latest = useRef(props);
  latest.current = props;

  const onMount: OnMount = (editor) => {
    editorRef.current = editor;
    if (!providersRegistered) {
      providersRegistered = true;
      registerCompletion(monaco);
      registerQuickFixes(monaco);
      registerLanguageFeatures(monaco, hoverColumns, hoverDecimals);
    }
    const run = (scope: RunScope) => {
      const model = editor.getModel();
      const position = editor.getPosition();
      const offset = model && position ? model.getOffsetAt(position) : 0;
      latest.current.onRun(scope, offset);
    };
    editor.addAction({
      id: 'velo.preview.statement',
      label: 'Preview the statement under the cursor',
      keybindings: [monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter],
      run: () => run('statement'),
    });
    editor.addAction({
      id: 'velo.preview.all',
      label: 'Preview all statements',
      keybindings: [monaco.KeyMod.CtrlCmd | monaco.KeyMod.Shift | monaco.KeyCode.Enter],
      run: () => run('all'),
    });
    editor.onDidChangeCursorPosition((event) => {
      const model = editor.getModel();
      if (model) latest.current.onCursor?.(model.getOffsetAt(event.position));
    });
    latest.current.onReady?.({
      revealPosition(line, column) {
        editor.revealPositionInCenter({ lineNumber: line, column });
        editor.setPosition({ lineNumber: line, column });
        editor.focus();
      },
      insert(text) {
        const selection = editor.getSelection();
        if (!selection) return;
        editor.executeEdits('catalog', [{ range: selection, text, forceMoveMarkers: true }]);
        editor.focus();
      },
      focus: () => editor.focus(),
      format() {
        void editor.getAction('editor.action.formatDocument')?.run();
        editor.focus();
      },
    });
    document.documentElement.dataset.editorReady = String(performance.now());
  };

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (!model) return;
    monaco.editor.setModelMarkers(model, MARKER_OWNER, toMarkers(monaco, props.diagnostics));
  }, [props.diagnostics]);

  return (
    <Editor
      path={props.path}
      defaultLanguage={VELO_SQL}
      language={VELO_SQL}
      // Uncontrolled: a `value` prop would be pushed back into the model on every render and
      // drop keys typed while React catches up. Each tab's model starts from its stored SQL.
      defaultValue={props.value}
      theme={props.theme === 'dark' ? 'velo-dark' : 'velo-light'}
      onChange={(value) => props.onChange(value ?? '')}
      onMount={onMount}
      loading={<div className="editor-loading">Loading editor…</div>}
      options={{
        minimap: { enabled: false },
        fontSize: 13,
        fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace',
        scrollBeyondLastLine: false,
        automaticLayout: true,
        tabSize: 2,
        wordBasedSuggestions: 'off',
        lightbulb: { enabled: 'on' as never },
        fixedOverflowWidgets: true,
        ariaLabel: 'SQL editor',
      }}
    />
  );
}
