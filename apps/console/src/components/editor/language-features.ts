/**
 * Signature help, hover docs and Format Document for Velo SQL. Function signatures and docs come from the
 * engine (`functionDoc`: one source of truth with the analyzer); columns come from the sources
 * the diagnostics pass resolved (name, type, source), output columns and DECIMAL expressions
 * from the engine's `describe` (its types, DECIMAL(p,s) as it prints them), system columns from
 * the engine's list.
 */
import {
  type DescribedExpression,
  decimalTypeText,
  type FunctionDoc,
  functionDoc,
  functionSignature,
} from '@velo/engine';
import type * as Monaco from 'monaco-editor/editor/editor.api';
import { callAt } from './call-context';
import { formatSql } from './format-sql';
import { VELO_SQL } from './velo-sql-language';

export interface HoverColumn {
  name: string;
  type: string;
  /** The source URI or name; for an output column, what declares it (`statement 1`). */
  source: string;
  /** A column of the query's output (the type the engine's analysis gives it), not of a source. */
  output?: boolean;
}

/**
 * A column's type as hover and completion show it: `DECIMAL(p,s)` as the engine prints it when
 * the precision is known (a generator's declaration, a sample's digits), else the largest scale
 * sampled (`DECIMAL(scale 2)`).
 */
export function columnTypeText(column: { type: string; scale?: number; precision?: number }) {
  if (column.type !== 'DECIMAL' || column.scale === undefined) return column.type;
  return decimalTypeText({ scale: column.scale, precision: column.precision });
}

/** The innermost written DECIMAL expression at a 1-based position (hover off a word: `*`, `+`). */
export function decimalAt(
  decimals: readonly DescribedExpression[],
  line: number,
  column: number,
): DescribedExpression | null {
  const before = (l: number, c: number, l2: number, c2: number) => l < l2 || (l === l2 && c <= c2);
  let best: DescribedExpression | null = null;
  for (const d of decimals) {
    if (!before(d.line, d.column, line, column) || !before(line, column, d.endLine, d.endColumn))
      continue;
    // Spans nest: the innermost starts last, and of those starting together it ends first.
    const innermost =
      !best ||
      (d.line === best.line && d.column === best.column
        ? before(d.endLine, d.endColumn, best.endLine, best.endColumn)
        : before(best.line, best.column, d.line, d.column));
    if (innermost) best = d;
  }
  return best;
}

/** Hover text of a DECIMAL expression (an operator's result, a call's result after its doc). */
export function decimalMarkdown(d: DescribedExpression): string {
  return `expression \`${d.type}\``;
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
  // An output column that passes a source column through says nothing new.
  const shown = matching.filter(
    (c) =>
      !c.output ||
      !matching.some(
        (s) => !s.output && s.type === c.type && s.name.toLowerCase() === c.name.toLowerCase(),
      ),
  );
  if (shown.length > 0) {
    return shown.map((c) =>
      c.output
        ? `**${c.name}** \`${c.type}\` · output column of ${c.source}`
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
  decimals: () => readonly DescribedExpression[] = () => [],
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
      const at = decimalAt(decimals(), position.lineNumber, position.column);
      const rest = word ? model.getLineContent(position.lineNumber).slice(word.endColumn - 1) : '';
      const call = /^\s*\(/.test(rest);
      const contents = word ? hoverMarkdown(word.word, call, columns()) : null;
      if (!word || !contents) {
        // Off a known word (an operator, a literal): the DECIMAL expression there, if any.
        if (!at) return null;
        const range = new monaco.Range(at.line, at.column, at.endLine, at.endColumn);
        return { range, contents: [{ value: decimalMarkdown(at) }] };
      }
      // A call's result type here (`SUM(amount)` → DECIMAL(38,2)) after the function's doc.
      if (call && at?.line === position.lineNumber && at.column === word.startColumn)
        contents.push(decimalMarkdown(at));
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
