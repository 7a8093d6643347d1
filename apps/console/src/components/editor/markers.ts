/**
 * Engine diagnostics as Monaco markers, and the quick fix for "did you mean …" hints: the fix
 * replaces the marked text with the suggestion, as the hint says.
 */
import type { Diagnostic } from '@velo/engine';
import type * as Monaco from 'monaco-editor/editor/editor.api';
import { VELO_SQL } from './velo-sql-language';

export const MARKER_OWNER = 'velo-engine';

export function toMarkers(
  monaco: typeof Monaco,
  diagnostics: Diagnostic[],
): Monaco.editor.IMarkerData[] {
  return diagnostics.map((d) => ({
    severity: d.severity === 'error' ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
    message: d.hint ? `${d.message}\nhint: ${d.hint}` : d.message,
    code: d.code,
    startLineNumber: d.line,
    startColumn: d.column,
    endLineNumber: d.endLine,
    // A zero-width span (end of input) still needs one character to show.
    endColumn: d.endLine === d.line && d.endColumn <= d.column ? d.column + 1 : d.endColumn,
  }));
}

/** `did you mean "symbol"?` → symbol; `did you mean FROM?` → FROM. */
export function suggestionOf(message: string): string | null {
  const m = /did you mean "([^"]+)"\?|did you mean ([A-Za-z_][\w]*)\?/.exec(message);
  return m ? (m[1] ?? m[2] ?? null) : null;
}

export function registerQuickFixes(monaco: typeof Monaco): Monaco.IDisposable {
  return monaco.languages.registerCodeActionProvider(VELO_SQL, {
    provideCodeActions(model, _range, context) {
      const actions: Monaco.languages.CodeAction[] = [];
      for (const marker of context.markers) {
        const suggestion = suggestionOf(marker.message);
        if (!suggestion) continue;
        const current = model.getValueInRange(marker);
        // A quoted name stays quoted.
        const text = current.startsWith('"') ? `"${suggestion}"` : suggestion;
        actions.push({
          title: `Change to ${text}`,
          kind: 'quickfix',
          diagnostics: [marker],
          isPreferred: true,
          edit: {
            edits: [
              {
                resource: model.uri,
                versionId: model.getVersionId(),
                textEdit: { range: marker, text },
              },
            ],
          },
        });
      }
      return { actions, dispose() {} };
    },
  });
}
