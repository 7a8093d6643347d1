/**
 * Message value formats. Decoding hands the engine's own readers the raw text (JSON through
 * readJsonLines / parseJsonExact, CSV through parseCsv), so decimals stay exact and there is
 * one parser per format in the code base. Encoding uses the engine's row writers.
 */
import {
  createRowFormatter,
  type EngineRecord,
  formatCsvRow,
  parseCsv,
  parseJsonExact,
  readJsonLines,
  type SqlType,
  type Value,
  valueToText,
} from '@velo/engine';

/** Why a message value could not be decoded (a class: a decoded object may hold `error`). */
export class DecodeFailure {
  constructor(readonly reason: string) {}
}

/** A decoded message value: its fields, or why it could not be decoded. */
export type Decoded = Record<string, Value> | DecodeFailure;

export interface ValueDecoder {
  /** Decodes a batch of message values in order (one result per value). */
  decode(values: Buffer[]): Promise<Decoded[]> | Decoded[];
}

export interface ValueEncoder {
  /** Encodes the output columns of each record (errors name the record and column). */
  encode(columns: string[], records: EngineRecord[]): Promise<Buffer[]> | Buffer[];
}

function isObject(v: Value): v is Record<string, Value> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

const NOT_OBJECT = new DecodeFailure('the message value is not a JSON object');
const NEWLINE = 0x0a;
const CR = 0x0d;

function decodeOneJson(text: string): Decoded {
  try {
    const v = parseJsonExact(text);
    return isObject(v) ? v : NOT_OBJECT;
  } catch (e) {
    return new DecodeFailure(`invalid JSON: ${(e as Error).message}`);
  }
}

/**
 * JSON objects, one per message. A batch of single-line messages is read as one JSONL text
 * (one UTF-8 decode, the engine's shape-predicting fast path); any other batch per message.
 */
export const jsonDecoder: ValueDecoder = {
  decode(values) {
    let oneLine = values.length > 1;
    for (let i = 0; oneLine && i < values.length; i++) {
      const v = values[i];
      if (v.length === 0 || v.indexOf(NEWLINE) >= 0 || v.indexOf(CR) >= 0) oneLine = false;
    }
    if (!oneLine) return values.map((v) => decodeOneJson(v.toString('utf8')));
    const parts: Buffer[] = [];
    const nl = Buffer.from('\n');
    for (const v of values) parts.push(v, nl);
    const { records, errors } = readJsonLines(Buffer.concat(parts).toString('utf8'));
    // A whitespace-only message yields neither a record nor an error: fall back.
    if (records.length + errors.length !== values.length) {
      return values.map((v) => decodeOneJson(v.toString('utf8')));
    }
    const out: Decoded[] = new Array(values.length);
    let r = 0;
    let e = 0;
    for (let i = 0; i < values.length; i++) {
      if (e < errors.length && errors[e].line === i + 1) {
        const { message } = errors[e++];
        out[i] = new DecodeFailure(
          `invalid JSON: ${message.replace(/ at line \d+, column/, ' at column')}`,
        );
      } else {
        const v = records[r++];
        out[i] = isObject(v) ? v : NOT_OBJECT;
      }
    }
    return out;
  },
};

export const jsonEncoder: ValueEncoder = {
  encode(columns, records) {
    const format = createRowFormatter(columns);
    return records.map((r) => Buffer.from(format(r.fields), 'utf8'));
  },
};

export interface CsvFormat {
  columns?: string[];
  types?: SqlType[];
  delimiter: string;
}

/** One CSV record per message (quoted fields may span lines), typed as DESIGN §4 says. */
export function csvDecoder(format: CsvFormat): ValueDecoder {
  return {
    decode(values) {
      return values.map((v) => {
        const { rows, errors } = parseCsv(v.toString('utf8'), {
          header: false,
          columns: format.columns,
          types: format.types,
          delimiter: format.delimiter,
        });
        if (errors.length > 0) return new DecodeFailure(`invalid CSV: ${errors[0].message}`);
        if (rows.length !== 1) {
          return new DecodeFailure(`expected one CSV record, got ${rows.length}`);
        }
        return rows[0];
      });
    },
  };
}

export function csvEncoder(delimiter: string): ValueEncoder {
  return {
    encode(columns, records) {
      return records.map((r) =>
        Buffer.from(
          formatCsvRow(
            columns.map((c) => r.fields[c] ?? null),
            delimiter,
          ),
          'utf8',
        ),
      );
    },
  };
}

/** The whole value as one column `value`: UTF-8 text, or base64 for binary payloads. */
export function rawDecoder(encoding: 'utf8' | 'base64'): ValueDecoder {
  return {
    decode(values) {
      return values.map((v) => ({ value: v.toString(encoding) }));
    },
  };
}

/** Writes the `value` column (or the only column) as UTF-8 text, or from base64. */
export function rawEncoder(encoding: 'utf8' | 'base64'): ValueEncoder {
  return {
    encode(columns, records) {
      const column = columns.includes('value') ? 'value' : columns[0];
      return records.map((r) => {
        const v = r.fields[column];
        if (v === null || v === undefined) return Buffer.alloc(0);
        return Buffer.from(typeof v === 'string' ? v : valueToText(v), encoding);
      });
    },
  };
}
