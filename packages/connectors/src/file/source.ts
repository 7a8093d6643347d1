import { type FileHandle, open } from 'node:fs/promises';
import { type EngineRecord, parseCsv, readJsonLines, type Value } from '@velo/engine';
import { extractEventTime } from '../event-time.ts';
import type { Source, SourceBatch, SourceDeadLetter, SourceOptions } from '../types.ts';
import { type FileConfig, parseFileUri } from './config.ts';
import { splitCsvLine } from './csv-header.ts';
import { expandGlob } from './glob.ts';

/** Resume point: file index, byte offset of a line start, lines to skip after it, line number. */
export interface FilePosition {
  file: number;
  byte: number;
  skip: number;
  line: number;
}

const CHUNK_BYTES = 1 << 20;
const NEWLINE = 10;

function isPlainObject(v: Value): v is Record<string, Value> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * Streams JSONL or CSV files in 1 MiB chunks: only whole lines are decoded and parsed, so a
 * multi-gigabyte file never sits in memory and multi-byte UTF-8 characters never split.
 * Limitation: a quoted CSV field containing a newline is not supported.
 */
export class FileSource implements Source {
  readonly bounded = true;
  private files: string[] = [];
  private fileIndex = 0;
  private handle: FileHandle | null = null;
  private readPos = 0;
  private leftover: Uint8Array = new Uint8Array(0);
  private eof = false;
  /** Decoded whole lines not yet parsed, starting at byte `pendingByte` of the current file. */
  private pending = '';
  private pendingByte = 0;
  private pendingSkipped = 0;
  private pendingLine = 1;
  private csvColumns: string[] | undefined;
  private decoder = new TextDecoder('utf-8');
  private now: () => number;
  private finished = false;

  constructor(
    readonly uri: string,
    private readonly config: FileConfig,
    options: SourceOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  async open(resumeFrom?: FilePosition): Promise<void> {
    this.files = await expandGlob(this.config.path);
    if (this.files.length === 0) throw new Error(`no file matches '${this.config.path}'`);
    const start = resumeFrom ?? { file: 0, byte: 0, skip: 0, line: 1 };
    this.fileIndex = start.file;
    if (this.fileIndex >= this.files.length) {
      this.finished = true;
      return;
    }
    // A resume position counts the header among the lines to skip when it is inside the range.
    await this.openFile(start.byte, start.line, resumeFrom === undefined);
    for (let i = 0; i < start.skip; i++) await this.takeLines(1, true);
  }

  private async openFile(byte: number, line: number, skipHeader = true): Promise<void> {
    const path = this.files[this.fileIndex];
    try {
      this.handle = await open(path, 'r');
    } catch (e) {
      throw new Error(`cannot open '${path}': ${(e as NodeJS.ErrnoException).code ?? e}`);
    }
    this.readPos = byte;
    this.leftover = new Uint8Array(0);
    this.eof = false;
    this.pending = '';
    this.pendingByte = byte;
    this.pendingSkipped = 0;
    this.pendingLine = line;
    this.csvColumns = this.config.columns;
    if (this.config.format === 'csv' && this.config.header) {
      // The header is always the first line; re-read it when resuming mid-file.
      const header = await this.readFirstLine();
      this.csvColumns = this.config.columns ?? splitCsvLine(header, this.config.delimiter);
      if (byte === 0 && skipHeader) {
        await this.fill();
        await this.takeLines(1, true);
      }
    }
  }

  private async readFirstLine(): Promise<string> {
    const buf = new Uint8Array(64 * 1024);
    const { bytesRead } = await this.handle!.read(buf, 0, buf.length, 0);
    const nl = buf.subarray(0, bytesRead).indexOf(NEWLINE);
    return this.decoder.decode(buf.subarray(0, nl < 0 ? bytesRead : nl)).replace(/^\uFEFF/, '');
  }

  /** Reads chunks until `pending` holds at least one whole line or the file ends. */
  private async fill(): Promise<void> {
    while (this.pending === '' && !this.eof) {
      const chunk = new Uint8Array(CHUNK_BYTES);
      const { bytesRead } = await this.handle!.read(chunk, 0, CHUNK_BYTES, this.readPos);
      this.readPos += bytesRead;
      let bytes: Uint8Array;
      if (this.leftover.length === 0) bytes = chunk.subarray(0, bytesRead);
      else {
        bytes = new Uint8Array(this.leftover.length + bytesRead);
        bytes.set(this.leftover);
        bytes.set(chunk.subarray(0, bytesRead), this.leftover.length);
      }
      if (bytesRead === 0) {
        this.eof = true;
        this.leftover = new Uint8Array(0);
        if (bytes.length > 0) this.pending = `${this.decoder.decode(bytes)}\n`;
        return;
      }
      const lastNl = bytes.lastIndexOf(NEWLINE);
      if (lastNl < 0) {
        this.leftover = bytes.slice();
        continue;
      }
      this.pending = this.decoder.decode(bytes.subarray(0, lastNl + 1));
      this.leftover = bytes.slice(lastNl + 1);
    }
  }

  /** Removes up to `max` lines from `pending` and returns them as one text. */
  private async takeLines(max: number, discard = false): Promise<{ text: string; first: number }> {
    if (this.pending === '') await this.fill();
    let end = 0;
    let n = 0;
    while (n < max) {
      const nl = this.pending.indexOf('\n', end);
      if (nl < 0) break;
      end = nl + 1;
      n++;
    }
    const text = this.pending.slice(0, end);
    this.pending = this.pending.slice(end);
    const first = this.pendingLine;
    this.pendingLine += n;
    this.pendingSkipped += n;
    if (this.pending === '') {
      this.pendingByte = this.readPos - this.leftover.length;
      this.pendingSkipped = 0;
    }
    return { text: discard ? '' : text, first };
  }

  private get location(): string {
    return this.files[this.fileIndex] ?? this.config.path;
  }

  position(): FilePosition {
    return {
      file: this.fileIndex,
      byte: this.pendingByte,
      skip: this.pendingSkipped,
      line: this.pendingLine,
    };
  }

  async readBatch(max: number): Promise<SourceBatch> {
    const records: EngineRecord[] = [];
    const deadLetters: SourceDeadLetter[] = [];
    while (!this.finished && records.length + deadLetters.length < max) {
      const { text, first } = await this.takeLines(max - records.length - deadLetters.length);
      if (text === '') {
        if (this.pending === '' && this.eof) await this.nextFile();
        continue;
      }
      this.parse(text, first, records, deadLetters);
    }
    return { records, done: this.finished, position: this.position(), deadLetters };
  }

  private async nextFile(): Promise<void> {
    await this.handle?.close();
    this.handle = null;
    this.fileIndex++;
    if (this.fileIndex >= this.files.length) {
      this.finished = true;
      this.pendingByte = 0;
      this.pendingSkipped = 0;
      return;
    }
    await this.openFile(0, 1);
  }

  private parse(
    text: string,
    firstLine: number,
    records: EngineRecord[],
    deadLetters: SourceDeadLetter[],
  ): void {
    const dead = (line: number | undefined, raw: string, reason: string) =>
      deadLetters.push({
        location: line === undefined ? this.location : `${this.location}:${line}`,
        line,
        raw,
        reason,
      });
    let rows: Value[];
    if (this.config.format === 'jsonl') {
      const parsed = readJsonLines(text);
      rows = parsed.records;
      for (const e of parsed.errors) dead(firstLine + e.line - 1, e.raw, e.message);
    } else {
      const parsed = parseCsv(text, {
        header: false,
        delimiter: this.config.delimiter,
        columns: this.csvColumns,
        types: this.config.types,
      });
      rows = parsed.rows;
      for (const e of parsed.errors as { line: number; message: string; raw?: string }[]) {
        dead(firstLine + e.line - 1, e.raw ?? '', e.message);
      }
    }
    const spec = this.config.eventTime;
    const now = spec ? 0 : this.now();
    for (const row of rows) {
      if (!isPlainObject(row)) {
        dead(undefined, JSON.stringify(String(row)), 'expected a JSON object');
        continue;
      }
      let eventTime = now;
      if (spec) {
        const t = extractEventTime(row[spec.field] ?? null, spec.format);
        if (typeof t === 'string') {
          dead(undefined, '', `${t} (field '${spec.field}')`);
          continue;
        }
        eventTime = t;
      }
      records.push({ fields: row, eventTime });
    }
  }

  async commit(): Promise<void> {
    // Files are not acknowledged; the position lives in the caller's checkpoint.
  }

  async close(): Promise<void> {
    await this.handle?.close();
    this.handle = null;
  }
}

export async function createFileSource(uri: string, options: SourceOptions): Promise<FileSource> {
  const config = parseFileUri(uri);
  if (typeof config === 'string') throw new Error(config);
  const source = new FileSource(uri, config, options);
  await source.open(options.resumeFrom as FilePosition | undefined);
  return source;
}
