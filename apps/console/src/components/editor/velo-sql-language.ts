/**
 * The Velo SQL language for Monaco: Monarch tokens for the dialect (DESIGN §2), brackets and
 * comments. Function names come from the engine's registry so highlighting, completion and the
 * analyzer agree on what exists.
 */
import {
  aggregateFunctionNames,
  SYSTEM_COLUMNS as ENGINE_SYSTEM_COLUMNS,
  WINDOW_KINDS as ENGINE_WINDOW_KINDS,
  SQL_KEYWORDS,
  scalarFunctionNames,
} from '@velo/engine';
import type * as Monaco from 'monaco-editor/editor/editor.api';

export const VELO_SQL = 'velo-sql';

// Keywords and window kinds are the engine's own lists (sql/keywords.ts), which its parser uses.
export const KEYWORDS: readonly string[] = SQL_KEYWORDS;

/** Window kinds, highlighted apart from other keywords because they shape a whole query. */
export const WINDOW_KINDS: readonly string[] = ENGINE_WINDOW_KINDS;

export const SYSTEM_COLUMNS: readonly string[] = ENGINE_SYSTEM_COLUMNS;

export const TYPE_NAMES = [
  'BOOLEAN',
  'INTEGER',
  'BIGINT',
  'DECIMAL',
  'FLOAT',
  'DOUBLE',
  'STRING',
  'VARCHAR',
  'TIMESTAMP',
  'JSON',
];

export function functionNames(): { scalar: string[]; aggregate: string[] } {
  return { scalar: scalarFunctionNames(), aggregate: aggregateFunctionNames() };
}

export const languageConfiguration: Monaco.languages.LanguageConfiguration = {
  comments: { lineComment: '--', blockComment: ['/*', '*/'] },
  brackets: [
    ['(', ')'],
    ['[', ']'],
  ],
  autoClosingPairs: [
    { open: '(', close: ')' },
    { open: '[', close: ']' },
    { open: "'", close: "'", notIn: ['string', 'comment'] },
    { open: '"', close: '"', notIn: ['string', 'comment'] },
  ],
  surroundingPairs: [
    { open: '(', close: ')' },
    { open: "'", close: "'" },
    { open: '"', close: '"' },
  ],
  wordPattern: /(-?\d*\.\d\w*)|([^\s`~!@#%^&*()\-=+[{\]}\\|;:'",.<>/?]+)/g,
};

export function monarchLanguage(): Monaco.languages.IMonarchLanguage {
  const { scalar, aggregate } = functionNames();
  return {
    ignoreCase: true,
    defaultToken: '',
    tokenPostfix: '.velo-sql',
    keywords: KEYWORDS,
    windowKinds: WINDOW_KINDS,
    functions: [...new Set([...scalar, ...aggregate])],
    typeNames: TYPE_NAMES,
    systemColumns: [...SYSTEM_COLUMNS],
    brackets: [
      { open: '(', close: ')', token: 'delimiter.parenthesis' },
      { open: '[', close: ']', token: 'delimiter.square' },
    ],
    tokenizer: {
      root: [
        // `-- @metric: name` annotations define user metrics (DESIGN §5): shown apart from comments.
        [/--\s*\x40metric\w*.*$/, 'annotation'],
        [/--.*$/, 'comment'],
        [/\/\*/, 'comment', '@blockComment'],
        [/'/, 'string', '@string'],
        [/"/, 'identifier.quoted', '@quoted'],
        [/\d+(\.\d+)?[eE][+-]?\d+/, 'number.float'],
        [/\d+\.\d+/, 'number.decimal'],
        [/\d+(ms|s|m|h|d)\b/, 'number.duration'],
        [/\d+/, 'number'],
        [
          /[A-Za-z_][\w]*/,
          {
            cases: {
              '@systemColumns': 'variable.predefined',
              '@windowKinds': 'keyword.window',
              '@keywords': 'keyword',
              '@functions': 'predefined',
              '@typeNames': 'type',
              '@default': 'identifier',
            },
          },
        ],
        [/[()[\]]/, '@brackets'],
        [/[;,.]/, 'delimiter'],
        [/[<>=!%&+\-*/|~^]+/, 'operator'],
        [/\s+/, 'white'],
      ],
      blockComment: [
        [/[^*/]+/, 'comment'],
        [/\*\//, 'comment', '@pop'],
        [/[*/]/, 'comment'],
      ],
      string: [
        [/[^']+/, 'string'],
        [/''/, 'string.escape'],
        [/'/, 'string', '@pop'],
      ],
      quoted: [
        [/[^"]+/, 'identifier.quoted'],
        [/""/, 'identifier.quoted'],
        [/"/, 'identifier.quoted', '@pop'],
      ],
    },
  };
}

let registered = false;

/** Registers the language once per page (Monaco's registry is global). */
export function registerVeloSql(monaco: typeof Monaco): void {
  if (registered) return;
  registered = true;
  monaco.languages.register({ id: VELO_SQL, extensions: ['.sql'], aliases: ['Velo SQL'] });
  monaco.languages.setLanguageConfiguration(VELO_SQL, languageConfiguration);
  monaco.languages.setMonarchTokensProvider(VELO_SQL, monarchLanguage());
}
