/**
 * Loads Monaco from the local `monaco-editor` package (never a CDN: the CSP allows scripts and
 * workers from 'self' only) with just the editor features the SQL workspace uses, so the editor
 * route ships a fraction of `editor.main`. @monaco-editor/react is pointed at this instance.
 */
import { loader } from '@monaco-editor/react';
import * as monaco from 'monaco-editor/editor/editor.api';
import 'monaco-editor/editor/browser/coreCommands';
import 'monaco-editor/editor/common/standaloneStrings';
import 'monaco-editor/editor/contrib/bracketMatching/browser/bracketMatching';
import 'monaco-editor/editor/contrib/clipboard/browser/clipboard';
import 'monaco-editor/editor/contrib/codeAction/browser/codeActionContributions';
import 'monaco-editor/editor/contrib/comment/browser/comment';
import 'monaco-editor/editor/contrib/contextmenu/browser/contextmenu';
import 'monaco-editor/editor/contrib/cursorUndo/browser/cursorUndo';
import 'monaco-editor/features/find/register';
import 'monaco-editor/editor/contrib/folding/browser/folding';
import 'monaco-editor/editor/contrib/format/browser/formatActions';
import 'monaco-editor/editor/contrib/gotoError/browser/gotoError';
import 'monaco-editor/editor/contrib/hover/browser/hoverContribution';
import 'monaco-editor/editor/contrib/linesOperations/browser/linesOperations';
import 'monaco-editor/editor/contrib/multicursor/browser/multicursor';
import 'monaco-editor/editor/contrib/parameterHints/browser/parameterHints';
import 'monaco-editor/editor/contrib/snippet/browser/snippetController2';
import 'monaco-editor/editor/contrib/suggest/browser/suggestController';
import 'monaco-editor/editor/contrib/wordHighlighter/browser/wordHighlighter';
import 'monaco-editor/editor/contrib/wordOperations/browser/wordOperations';
import { PALETTES } from '~/lib/theme';
import { registerVeloSql } from './velo-sql-language';

declare global {
  interface Window {
    MonacoEnvironment?: monaco.Environment;
  }
}

// Monaco's own worker (diffs, word ranges) comes from the package's exports and is bundled by
// webpack as a same-origin script; SQL has no language service worker of its own.
self.MonacoEnvironment = {
  getWorker() {
    return new Worker(new URL('monaco-editor/editor/editor.worker', import.meta.url), {
      name: 'monaco-editor',
    });
  },
};

function defineThemes(): void {
  const light = PALETTES.light;
  const dark = PALETTES.dark;
  // Token colours keep 4.5:1 (WCAG AA) on white and on the diff editor's tinted changed lines
  // (≤ 20 % red or green over white, set below), so version diffs stay readable.
  monaco.editor.defineTheme('velo-light', {
    base: 'vs',
    inherit: true,
    rules: [
      { token: 'keyword', foreground: '1a4fb5', fontStyle: 'bold' },
      { token: 'keyword.window', foreground: '6b2fd1', fontStyle: 'bold' },
      { token: 'predefined', foreground: '0b6358' },
      { token: 'variable.predefined', foreground: '92400e' },
      { token: 'annotation', foreground: '6b2fd1', fontStyle: 'italic' },
      { token: 'number', foreground: '0a6b47' },
      { token: 'number.duration', foreground: '7a2470' },
      { token: 'comment', foreground: '4f5968', fontStyle: 'italic' },
    ],
    colors: {
      'editor.background': light['--surface'] ?? '#ffffff',
      'diffEditor.insertedLineBackground': '#2ea0431a',
      'diffEditor.insertedTextBackground': '#2ea0431a',
      'diffEditor.removedLineBackground': '#ff00001a',
      'diffEditor.removedTextBackground': '#ff00001a',
    },
  });
  monaco.editor.defineTheme('velo-dark', {
    base: 'vs-dark',
    inherit: true,
    rules: [
      { token: 'keyword', foreground: '8ab4ff', fontStyle: 'bold' },
      { token: 'keyword.window', foreground: 'c5a3ff', fontStyle: 'bold' },
      { token: 'predefined', foreground: '5fd4c0' },
      { token: 'variable.predefined', foreground: 'ffb86b' },
      { token: 'annotation', foreground: 'c5a3ff', fontStyle: 'italic' },
      { token: 'number.duration', foreground: 'f0a6e6' },
      { token: 'comment', foreground: 'a3aebd', fontStyle: 'italic' },
    ],
    colors: { 'editor.background': dark['--surface'] ?? '#171e27' },
  });
}

registerVeloSql(monaco);
defineThemes();
// The loader's type is the full editor.main API; this trimmed build has what the editor uses.
loader.config({ monaco: monaco as never });

export { monaco };
export type MonacoApi = typeof monaco;
