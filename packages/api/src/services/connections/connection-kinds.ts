/**
 * The closed lists a connection is made of: its types, SASL mechanisms, file formats and data
 * generators. Browser-safe (no Node imports) so the console's form and the API's zod schemas
 * read the same lists; adding a format here offers it in the form and accepts it in the API.
 */

export const CONNECTION_TYPES = ['postgresql', 'kafka', 'file', 'datagen'] as const;
export type ConnectionTypeName = (typeof CONNECTION_TYPES)[number];

export const SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;

/** `parquet` is read-only: a file connection in Parquet is a source, never an INTO sink. */
export const FILE_FORMATS = ['jsonl', 'csv', 'parquet'] as const;

export const GENERATORS = ['orders', 'trades', 'nexmark'] as const;

/** "a, b or c" for messages that list the allowed values. */
export function listAlternatives(values: readonly string[]): string {
  return values.length < 2
    ? values.join('')
    : `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
}
