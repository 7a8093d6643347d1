/**
 * Completion for Velo SQL: keywords (those that start a clause first, after a clause the ones
 * that may follow), functions from the engine's registry, system columns, the columns of the
 * sources in the buffer, the team's saved connections (`kafka://@name/…`) inside a FROM quote,
 * and snippets for the common shapes.
 */
import { type DescribedExpression, functionDoc, functionSignature } from '@velo/engine';
import type * as Monaco from 'monaco-editor/editor/editor.api';
import { connectionNameOf } from './catalog/preview-sql';
import type { HoverColumn } from './language-features';
import {
  functionNames,
  KEYWORDS,
  SYSTEM_COLUMNS,
  VELO_SQL,
  WINDOW_KINDS,
} from './velo-sql-language';

export interface CompletionContext {
  connections: { name: string; type: string }[];
  /** Columns of the sources in the buffer (from diagnostics: datagen schemas and samples). */
  columns: { name: string; type: string; source: string }[];
  /** Output columns with the engine's types (hover only: `total DECIMAL(38,2)`). */
  outputs: HoverColumn[];
  /** Written DECIMAL expressions with their DECIMAL(p,s) (hover only, from diagnostics). */
  decimals: DescribedExpression[];
  /** A saved connection's topics and tables, from the catalog (catalog/use-catalog-completion.ts). */
  objectsOf?: (connection: string) => Promise<{ uri: string; detail: string }[]>;
}

const context: CompletionContext = { connections: [], columns: [], outputs: [], decimals: [] };

export function setCompletionContext(next: Partial<CompletionContext>): void {
  Object.assign(context, next);
}

/** The sources' columns and the declared output columns, for hover docs (language-features.ts). */
export function hoverColumns(): HoverColumn[] {
  return [...context.columns, ...context.outputs];
}

/** The DECIMAL expressions of the last diagnosis, for hover (language-features.ts). */
export function hoverDecimals(): DescribedExpression[] {
  return context.decimals;
}

/** A function's signature and doc from the engine, for the suggestion's detail pane. */
function functionDetail(name: string, fallback: string) {
  const doc = functionDoc(name);
  return doc
    ? { detail: functionSignature(doc), documentation: doc.summary }
    : { detail: fallback };
}

/** A snippet tab stop with default text (Monaco's `${n:text}` syntax). */
function tab(n: number, text: string): string {
  return `$${'{'}${n}:${text}}`;
}

export const SNIPPETS: { label: string; detail: string; body: string }[] = [
  {
    label: 'tumbling window aggregate',
    detail: 'GROUP BY … WINDOW TUMBLING(1m)',
    body: [
      'SELECT ' + tab(1, 'product') + ', COUNT(*) AS n, SUM(' + tab(2, 'amount') + ') AS total',
      "FROM '" + tab(3, 'datagen://orders') + "'",
      'GROUP BY ' + tab(1, 'product'),
      'WINDOW TUMBLING(' + tab(4, '1m') + ')',
      'EMIT FINAL',
    ].join('\n'),
  },
  {
    label: 'stream–table join',
    detail: 'JOIN a table kept current from its source',
    body: [
      'SELECT o.order_id, o.amount, c.name, c.country',
      "FROM '" + tab(1, 'datagen://orders') + "' o",
      "JOIN '" + tab(2, 'datagen://customers') + "' c ON o.customer_id = c.customer_id",
    ].join('\n'),
  },
  {
    label: 'CREATE STREAM … INTO',
    detail: 'a named stream written to a sink',
    body: [
      'CREATE STREAM ' + tab(1, 'big_orders') + ' AS',
      'SELECT *',
      "FROM '" + tab(2, 'datagen://orders') + "'",
      'WHERE ' + tab(3, 'amount > 100.00'),
      "INTO '" + tab(4, 'kafka://@local/big_orders') + "'",
      "WITH ('event.time.field' = 'ts');",
    ].join('\n'),
  },
];

/** Keywords that usually come next after the last clause keyword before the cursor. */
const FOLLOWERS: Record<string, string[]> = {
  SELECT: ['FROM', 'DISTINCT', 'AS', 'CASE'],
  FROM: ['WHERE', 'JOIN', 'LEFT', 'GROUP', 'WINDOW', 'EMIT', 'LIMIT', 'INTO', 'WITH'],
  WHERE: ['AND', 'OR', 'GROUP', 'WINDOW', 'EMIT', 'LIMIT', 'INTO', 'WITH'],
  GROUP: ['BY', 'HAVING', 'WINDOW', 'EMIT', 'INTO', 'WITH'],
  WINDOW: [...WINDOW_KINDS, 'EMIT', 'GROUP', 'INTO', 'WITH'],
  EMIT: ['FINAL', 'CHANGES', 'LIMIT', 'INTO', 'WITH'],
  INTO: ['WITH'],
};

function lastClause(textBefore: string): string | null {
  const words = textBefore
    .replace(/'[^']*'/g, "''")
    .toUpperCase()
    .match(/\b(SELECT|FROM|JOIN|WHERE|GROUP|WINDOW|EMIT|INTO|WITH)\b/g);
  return words ? (words[words.length - 1] ?? null) : null;
}

function connectionUris(): string[] {
  return context.connections.map(
    (c) => `${c.type === 'postgresql' ? 'postgresql' : c.type}://@${c.name}/`,
  );
}

export function registerCompletion(monaco: typeof Monaco): Monaco.IDisposable {
  const { CompletionItemKind, CompletionItemInsertTextRule } = monaco.languages;
  return monaco.languages.registerCompletionItemProvider(VELO_SQL, {
    triggerCharacters: ["'", '@', '.', '/'],
    async provideCompletionItems(model, position, completionContext) {
      const word = model.getWordUntilPosition(position);
      const range = new monaco.Range(
        position.lineNumber,
        word.startColumn,
        position.lineNumber,
        word.endColumn,
      );
      const before = model.getValueInRange(
        new monaco.Range(1, 1, position.lineNumber, position.column),
      );
      const suggestions: Monaco.languages.CompletionItem[] = [];

      // Inside an unterminated quote after FROM/JOIN/INTO: offer source and sink URIs.
      const openQuote = /(FROM|JOIN|INTO)\s+'([^']*)$/i.exec(before);
      if (openQuote) {
        const typed = openQuote[2] ?? '';
        const quoteRange = new monaco.Range(
          position.lineNumber,
          position.column - typed.length,
          position.lineNumber,
          position.column,
        );
        const uris = [
          ...connectionUris(),
          'datagen://orders',
          'datagen://trades',
          'datagen://nexmark',
          'datagen://customers',
        ];
        for (const uri of uris) {
          suggestions.push({
            label: uri,
            kind: CompletionItemKind.Reference,
            insertText: uri,
            range: quoteRange,
            detail: uri.includes('@') ? 'saved connection' : 'generated in the browser',
          });
        }
        // `kafka://@local/` typed: that connection's topics (tables, files) from the catalog.
        const connection = connectionNameOf(typed);
        if (connection && context.objectsOf) {
          const objects = await context.objectsOf(connection).catch(() => []);
          for (const object of objects) {
            suggestions.push({
              label: object.uri,
              kind: CompletionItemKind.Reference,
              insertText: object.uri,
              range: quoteRange,
              detail: object.detail,
              sortText: `0${object.uri}`,
            });
          }
        }
        return { suggestions };
      }
      // '/' starts a URI path only inside a quote; elsewhere it is a division.
      if (completionContext.triggerCharacter === '/') return { suggestions };

      const clause = lastClause(before);
      const preferred = new Set(clause ? (FOLLOWERS[clause] ?? []) : ['SELECT', 'CREATE']);
      for (const keyword of [...KEYWORDS, ...WINDOW_KINDS]) {
        suggestions.push({
          label: keyword,
          kind: CompletionItemKind.Keyword,
          insertText: keyword,
          range,
          sortText: `${preferred.has(keyword) ? '1' : '5'}${keyword}`,
        });
      }
      const { scalar, aggregate } = functionNames();
      for (const name of aggregate) {
        suggestions.push({
          label: name,
          kind: CompletionItemKind.Function,
          ...functionDetail(name, 'aggregate function'),
          insertText: `${name}($0)`,
          insertTextRules: CompletionItemInsertTextRule.InsertAsSnippet,
          range,
          sortText: `3${name}`,
        });
      }
      for (const name of scalar) {
        suggestions.push({
          label: name,
          kind: CompletionItemKind.Function,
          ...functionDetail(name, 'function'),
          insertText: `${name}($0)`,
          insertTextRules: CompletionItemInsertTextRule.InsertAsSnippet,
          range,
          sortText: `4${name}`,
        });
      }
      for (const name of SYSTEM_COLUMNS) {
        suggestions.push({
          label: name,
          kind: CompletionItemKind.Variable,
          detail: 'system column',
          insertText: name,
          range,
          sortText: `6${name}`,
        });
      }
      const seen = new Set<string>();
      for (const column of context.columns) {
        if (seen.has(column.name)) continue;
        seen.add(column.name);
        suggestions.push({
          label: column.name,
          kind: CompletionItemKind.Field,
          detail: `${column.type} · ${column.source}`,
          insertText: column.name,
          range,
          sortText: `2${column.name}`,
        });
      }
      for (const snippet of SNIPPETS) {
        suggestions.push({
          label: snippet.label,
          kind: CompletionItemKind.Snippet,
          detail: snippet.detail,
          insertText: snippet.body,
          insertTextRules: CompletionItemInsertTextRule.InsertAsSnippet,
          range,
          sortText: `0${snippet.label}`,
        });
      }
      return { suggestions };
    },
  });
}
