/**
 * CSV per DESIGN §4: RFC 4180 quoting (embedded delimiters, newlines and "" escapes), optional
 * header, declared column names/types for headerless files. Values are typed by the declared
 * types, or inferred per value: `12` INTEGER, `12.50` DECIMAL (scale kept), else STRING.
 * An empty unquoted field is NULL; a quoted empty field ("") is the empty string.
 */
import { castValue, valueToText } from '../types/cast.ts';
import { Decimal } from '../types/decimal.ts';
import { EvaluationError } from '../types/errors.ts';
import type { SqlType, Value } from '../types/value.ts';

export interface CsvOptions {
  header: boolean;
  delimiter?: string;
  /** Column names; for a file with a header they replace the header's names. */
  columns?: string[];
  /** Declared types by column position; missing entries are inferred. */
  types?: SqlType[];
  /** Line number of the first line of `text` (when parsing a chunk). */
  firstLine?: number;
}

export interface CsvError {
  line: number;
  message: string;
  raw: string;
}

export interface CsvResult {
  rows: Record<string, Value>[];
  errors: CsvError[];
  /** The column names used (from the header, `columns`, or column1..N). */
  columns: string[];
}

interface RawRecord {
  fields: string[];
  quoted: boolean[];
  line: number;
  start: number;
  end: number;
}

/** Split text into records of raw fields, honouring quotes. */
function scanRecords(
  text: string,
  delimiter: string,
  firstLine: number,
  onRecord: (record: RawRecord) => void,
  onError: (error: CsvError) => void,
): void {
  const n = text.length;
  const d = delimiter.charCodeAt(0);
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = firstLine;
  while (i < n) {
    const start = i;
    const recordLine = line;
    const fields: string[] = [];
    const quoted: boolean[] = [];
    let bad: string | undefined;
    for (;;) {
      if (i < n && text.charCodeAt(i) === 34) {
        // quoted field
        let value = '';
        let chunk = ++i;
        let closed = false;
        while (i < n) {
          const c = text.charCodeAt(i);
          if (c === 34) {
            if (text.charCodeAt(i + 1) === 34) {
              value += text.slice(chunk, i + 1);
              i += 2;
              chunk = i;
              continue;
            }
            value += text.slice(chunk, i);
            i++;
            closed = true;
            break;
          }
          if (c === 10) line++;
          i++;
        }
        if (!closed) {
          bad ??= 'unterminated quoted field';
          value += text.slice(chunk, i);
        }
        fields.push(value);
        quoted.push(true);
        // after the closing quote only a delimiter or the end of the record may follow
        if (
          i < n &&
          text.charCodeAt(i) !== d &&
          text.charCodeAt(i) !== 10 &&
          text.charCodeAt(i) !== 13
        ) {
          bad ??= `unexpected character '${text[i]}' after closing quote`;
          while (i < n && text.charCodeAt(i) !== d && text.charCodeAt(i) !== 10) i++;
        }
      } else {
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === d || c === 10 || c === 13) break;
          j++;
        }
        fields.push(text.slice(i, j));
        quoted.push(false);
        i = j;
      }
      if (i < n && text.charCodeAt(i) === d) {
        i++;
        continue;
      }
      break;
    }
    const end = i;
    if (i < n && text.charCodeAt(i) === 13) i++;
    if (i < n && text.charCodeAt(i) === 10) i++;
    line++;
    if (bad !== undefined) {
      onError({
        line: recordLine,
        message: `${bad} at line ${recordLine}`,
        raw: text.slice(start, end),
      });
      continue;
    }
    // skip blank lines
    if (fields.length === 1 && fields[0] === '' && !quoted[0]) continue;
    onRecord({ fields, quoted, line: recordLine, start, end });
  }
}

const INTEGER_RE = /^[+-]?\d+$/;
const DECIMAL_RE = /^[+-]?\d*\.\d+$|^[+-]?\d+\.\d*$/;

/** Inferred value of an unquoted or quoted CSV field. */
export function inferCsvValue(text: string): Value {
  if (text.length === 0) return null;
  const c = text.charCodeAt(0);
  if ((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46) {
    if (INTEGER_RE.test(text)) return BigInt(text);
    if (DECIMAL_RE.test(text)) return Decimal.parse(text);
  }
  return text;
}

function typedValue(text: string, quoted: boolean, type: SqlType | undefined): Value {
  if (text.length === 0) {
    if (!quoted) return null;
    if (type === undefined || type === 'STRING' || type === 'ANY') return '';
    return null;
  }
  if (type === undefined || type === 'ANY') return inferCsvValue(text);
  if (type === 'STRING') return text;
  return castValue(text, type);
}

export function parseCsv(text: string, options: CsvOptions): CsvResult {
  const delimiter = options.delimiter ?? ',';
  if (delimiter.length !== 1)
    throw new EvaluationError(`CSV delimiter must be one character, got '${delimiter}'`);
  const rows: Record<string, Value>[] = [];
  const errors: CsvError[] = [];
  let columns: string[] | undefined = options.columns;
  let headerPending = options.header;
  const types = options.types;
  const onRecord = (item: RawRecord): void => {
    if (headerPending) {
      headerPending = false;
      if (columns === undefined) columns = item.fields.map((f) => f.trim());
      return;
    }
    if (columns === undefined) columns = item.fields.map((_, k) => `column${k + 1}`);
    if (item.fields.length !== columns.length) {
      errors.push({
        line: item.line,
        message: `expected ${columns.length} fields, got ${item.fields.length} at line ${item.line}`,
        raw: text.slice(item.start, item.end),
      });
      return;
    }
    const row: Record<string, Value> = {};
    try {
      for (let k = 0; k < columns.length; k++) {
        row[columns[k]] = typedValue(item.fields[k], item.quoted[k], types?.[k]);
      }
    } catch (e) {
      if (!(e instanceof EvaluationError)) throw e;
      errors.push({
        line: item.line,
        message: `${e.message} at line ${item.line}`,
        raw: text.slice(item.start, item.end),
      });
      return;
    }
    rows.push(row);
  };
  scanRecords(text, delimiter, options.firstLine ?? 1, onRecord, (e) => errors.push(e));
  return { rows, errors, columns: columns ?? [] };
}

/** One CSV field: NULL is empty, '' is "", quoting when needed. DECIMAL is written plain. */
export function formatCsvField(v: Value, delimiter = ','): string {
  if (v === null) return '';
  const text = typeof v === 'string' ? v : valueToText(v);
  if (text.length === 0) return '""';
  let needsQuote = text.charCodeAt(0) === 32 || text.charCodeAt(text.length - 1) === 32;
  if (!needsQuote) {
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      if (ch === '"' || ch === delimiter || ch === '\n' || ch === '\r') {
        needsQuote = true;
        break;
      }
    }
  }
  return needsQuote ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV line without the trailing newline. */
export function formatCsvRow(values: Value[], delimiter = ','): string {
  let out = '';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += delimiter;
    out += formatCsvField(values[i], delimiter);
  }
  return out;
}

export function formatCsvHeader(columns: string[], delimiter = ','): string {
  return formatCsvRow(columns, delimiter);
}
