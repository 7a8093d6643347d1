/**
 * Signature help, hover docs and Format Document for Velo SQL. Function signatures and docs come from the
 * engine (`functionDoc`: one source of truth with the analyzer); columns come from the sources
 * the diagnostics pass resolved (name, type, source), system columns from the engine's list.
 */
import { type FunctionDoc, functionDoc, functionSignature } from '@velo/engine';
import type * as Monaco from 'monaco-editor/editor/editor.api';
import { callAt } from './call-context';
import { formatSql } from './format-sql';
import { VELO_SQL } from './velo-sql-language';

export interface HoverColumn {
  name: string;
  type: string;
  /** The source URI or name; for an output column, what declares it (`statement 1`). */
  source: string;
  /** A column of the query's output (a CAST's declared type) rather than of a source. */
  output?: boolean;
}

/**
 * A column's type as hover and completion show it. Velo's DECIMAL keeps each value's own scale
 * with no fixed precision, so a source column shows the largest scale sampled (or the
 * generator's), and `DECIMAL(p,s)` once a precision is known too.
 */
export function columnTypeText(column: { type: string; scale?: number; precision?: number }) {
  if (column.type !== 'DECIMAL' || column.scale === undefined) return column.type;
  return column.precision === undefined
    ? `DECIMAL(scale ${column.scale})`
    : `DECIMAL(${column.precision},${column.scale})`;
}

/** What the system columns hold (DESIGN §2), shown on hover. */
const SYSTEM_COLUMN_DOCS: Record<string, string> = {
  _timestamp: 'Record timestamp (Kafka message time or processing time), epoch ms.',
  _event_time: 'Event time of the record, epoch ms.',
  _offset: 'Kafka offset of the record.',
  _partition: 'Kafka partition of the record.',
  _key: 'Message key of the record.',
  _window_start: 'Start of the aggregate window, epoch ms.',
  _window_end: 'End of the aggregate window, epoch ms.',
};

function docMarkdown(doc: FunctionDoc): string {
  return [
    `\`\`\`\n${functionSignature(doc)}\n\`\`\``,
    `*${doc.kind} function* — ${doc.summary}`,
  ].join('\n\n');
}

/** The hover text for a word: a function's signature and doc, or a column's type and source. */
export function hoverMarkdown(
  word: string,
  followedByParen: boolean,
  columns: readonly HoverColumn[],
): string[] | null {
  const doc = functionDoc(word);
  const matching = columns.filter((c) => c.name.toLowerCase() === word.toLowerCase());
  if (doc && (followedByParen || matching.length === 0)) return [docMarkdown(doc)];
  if (matching.length > 0) {
    return matching.map((c) =>
      c.output
        ? `**${c.name}** \`${c.type}\` · output column of ${c.source} (declared by CAST)`
        : `**${c.name}** \`${c.type}\` · column of \`${c.source}\``,
    );
  }
  const system = SYSTEM_COLUMN_DOCS[word.toLowerCase()];
  if (system) return [`**${word.toLowerCase()}** · system column — ${system}`];
  return null;
}

export function registerLanguageFeatures(
  monaco: typeof Monaco,
  columns: () => readonly HoverColumn[],
): Monaco.IDisposable[] {
  const signatures = monaco.languages.registerSignatureHelpProvider(VELO_SQL, {
    signatureHelpTriggerCharacters: ['(', ','],
    signatureHelpRetriggerCharacters: [')'],
    provideSignatureHelp(model, position) {
      const before = model.getValueInRange(
        new monaco.Range(1, 1, position.lineNumber, position.column),
      );
      const call = callAt(before);
      const doc = call ? functionDoc(call.name) : undefined;
      if (!call || !doc) return null;
      const label = functionSignature(doc);
      const open = label.indexOf('(') + 1;
      let at = open;
      const parameters = doc.params.map((param) => {
        const start = label.indexOf(param, at);
        at = start + param.length;
        return { label: [start, start + param.length] as [number, number] };
      });
      const variadic = doc.params[doc.params.length - 1] === '...';
      const last = doc.params.length - (variadic ? 2 : 1);
      return {
        value: {
          signatures: [{ label, documentation: { value: doc.summary }, parameters }],
          activeSignature: 0,
          activeParameter: Math.max(0, Math.min(call.argument, last)),
        },
        dispose() {},
      };
    },
  });
  const hovers = monaco.languages.registerHoverProvider(VELO_SQL, {
    provideHover(model, position) {
      const word = model.getWordAtPosition(position);
      if (!word) return null;
      const rest = model.getLineContent(position.lineNumber).slice(word.endColumn - 1);
      const contents = hoverMarkdown(word.word, /^\s*\(/.test(rest), columns());
      if (!contents) return null;
      return {
        range: new monaco.Range(
          position.lineNumber,
          word.startColumn,
          position.lineNumber,
          word.endColumn,
        ),
        contents: contents.map((value) => ({ value })),
      };
    },
  });
  // Format Document (Shift+Alt+F, context menu, the toolbar's Format button).
  const formatter = monaco.languages.registerDocumentFormattingEditProvider(VELO_SQL, {
    displayName: 'Velo SQL',
    provideDocumentFormattingEdits(model) {
      const text = model.getValue();
      const formatted = formatSql(text);
      if (formatted === null || formatted === text) return [];
      return [{ range: model.getFullModelRange(), text: formatted }];
    },
  });
  return [signatures, hovers, formatter];
}
