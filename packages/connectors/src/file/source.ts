import { type FileHandle, open } from 'node:fs/promises';
import {
  type EngineRecord,
  parseCsv,
  readJsonLines,
  takeCsvRecords,
  type Value,
} from '@velo/engine';
import type { Source, SourceBatch, SourceDeadLetter, SourceOptions } from '../types.ts';
import { type FileConfig, parseFileUri } from './config.ts';
import { confinedPath, openFlags } from './confine.ts';
import { GlobFiles } from './glob-files.ts';
import { type ParquetPosition, ParquetSource } from './parquet-source.ts';
import { utf8Length } from './utf8.ts';

/**
 * Resume point: file index (in name order), byte offset of the next record, records to skip
 * after it (0 for positions this source writes), line number of that record. `seen` (watch
 * mode) lists the files already read, so files that appear later are told apart.
 */
export interface FilePosition {
  file: number;
  byte: number;
  skip: number;
  line: number;
  path?: string;
  seen?: string[];
}

const CHUNK_BYTES = 1 << 20;
const NEWLINE = 10;

function isPlainObject(v: Value): v is Record<string, Value> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * Streams JSONL or CSV files in 1 MiB chunks: only whole records are decoded and parsed (for
 * CSV, records end at newlines outside quotes, so quoted fields may span lines), a large file
 * never sits in memory, and multi-byte UTF-8 characters never split. Records carry raw fields
 * and the read time; the engine derives event time from them (`event.time.*` parameters).
 */
export class FileSource implements Source {
  readonly bounded: boolean;
  private files: string[] = [];
  private fileIndex = 0;
  private handle: FileHandle | null = null;
  private readPos = 0;
  private leftover: Uint8Array = new Uint8Array(0);
  private eof = false;
  /** Decoded whole lines not yet parsed, starting at byte `pendingByte`, line `pendingLine`. */
  private pending = '';
  private pendingByte = 0;
  private pendingLine = 1;
  /** True while `pending` holds only ASCII (its byte offsets are its character offsets). */
  private pendingAscii = true;
  private csvColumns: string[] | undefined;
  private decoder = new TextDecoder('utf-8');
  private now: () => number;
  private finished = false;
  private listing: GlobFiles;
  /** Records over `max.record.bytes`, reported with the next batch. */
  private oversized: SourceDeadLetter[] = [];
  /** Read as a table (watch mode): report `tableLoaded` once the files listed at open are read. */
  private tableLoadPending: boolean;

  constructor(
    readonly uri: string,
    private readonly config: FileConfig,
    options: SourceOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.bounded = !config.watch;
    this.tableLoadPending = config.watch && options.asTable === true;
    this.listing = new GlobFiles(config);
  }

  async open(resumeFrom?: FilePosition): Promise<void> {
    this.listing = new GlobFiles(this.config, resumeFrom);
    const start = resumeFrom ?? { file: 0, byte: 0, skip: 0, line: 1 };
    ({ files: this.files, index: this.fileIndex } = await this.listing.open(resumeFrom));
    if (this.fileIndex >= this.files.length) {
      this.finished = !this.config.watch;
      return;
    }
    await this.openFile(start.byte, start.line);
    for (let i = 0; i < start.skip; i++) await this.takeRecords(1);
  }

  private async openFile(byte: number, line: number): Promise<void> {
    const path = this.files[this.fileIndex];
    // Each matched file again: a symlink inside the root may point outside it.
    const target = await confinedPath(path);
    try {
      this.handle = await open(target.path, openFlags('r', target.confined));
    } catch (e) {
      throw new Error(`cannot open '${path}': ${(e as NodeJS.ErrnoException).code ?? e}`);
    }
    this.readPos = byte;
    this.leftover = new Uint8Array(0);
    this.eof = false;
    this.pending = '';
    this.pendingByte = byte;
    this.pendingLine = line;
    this.csvColumns = this.config.columns;
    if (this.config.format === 'csv' && this.config.header) {
      // The header is the first record; re-read it when resuming mid-file.
      const header = await this.readHeader();
      this.csvColumns =
        this.config.columns ??
        parseCsv(header.text, { header: true, delimiter: this.config.delimiter }).columns;
      if (byte === 0) {
        this.readPos = this.pendingByte = header.bytes;
        this.pendingLine = 1 + header.lines;
      }
    }
  }

  /** The first CSV record of the current file, read with positioned reads. */
  private async readHeader(): Promise<{ text: string; bytes: number; lines: number }> {
    let size = 64 * 1024;
    for (;;) {
      const buf = new Uint8Array(size);
      const { bytesRead } = await this.handle!.read(buf, 0, size, 0);
      const eof = bytesRead < size;
      let text = new TextDecoder('utf-8').decode(buf.subarray(0, bytesRead));
      if (eof && !text.endsWith('\n')) text += '\n';
      const span = takeCsvRecords(text, 1, this.config.delimiter);
      if (span.records === 0 && !eof && size > this.config.maxRecordBytes) {
        throw new Error(
          `the CSV header of '${this.files[this.fileIndex]}' is longer than max.record.bytes (${this.config.maxRecordBytes})`,
        );
      }
      if (span.records === 1 || eof) {
        const head = text.slice(0, span.records === 1 ? span.end : text.length);
        return { text: head, bytes: Math.min(utf8Length(head), bytesRead), lines: span.lines };
      }
      size *= 4;
    }
  }

  /** Reads one more chunk and appends its whole lines to `pending`; false at end of file. */
  private async fill(): Promise<boolean> {
    while (!this.eof) {
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
        if (bytes.length > 0) {
          // The last line has no newline: add one so it parses as a whole record.
          this.appendPending(bytes, '\n');
          return true;
        }
        return false;
      }
      const lastNl = bytes.lastIndexOf(NEWLINE);
      if (lastNl < 0) {
        this.leftover = bytes.slice();
        if (this.leftover.length + this.pending.length > this.config.maxRecordBytes) {
          await this.skipOversized();
          return true;
        }
        continue;
      }
      this.appendPending(bytes.subarray(0, lastNl + 1));
      this.leftover = bytes.slice(lastNl + 1);
      return true;
    }
    return false;
  }

  private appendPending(bytes: Uint8Array, suffix = ''): void {
    const text = this.decoder.decode(bytes);
    if (this.pending === '') this.pendingAscii = true;
    // Decoded UTF-8 has as many characters as bytes only when every byte is ASCII.
    if (text.length !== bytes.length) this.pendingAscii = false;
    this.pending += text + suffix;
  }

  /** Byte length of text taken from `pending`, without a scan when it is all ASCII. */
  private bytesOf(text: string): number {
    return this.pendingAscii ? text.length : utf8Length(text);
  }

  /**
   * Removes up to `max` whole records from `pending` (lines for JSONL; for CSV, records that
   * may span lines) and returns them as one text with the line number of the first.
   */
  private async takeRecords(max: number): Promise<{ text: string; first: number; bytes: number }> {
    let end = 0;
    let lines = 0;
    for (;;) {
      if (this.config.format === 'csv') {
        const span = takeCsvRecords(this.pending, max, this.config.delimiter);
        end = span.end;
        lines = span.lines;
        if (span.records > 0) break;
      } else {
        let n = 0;
        end = 0;
        while (n < max) {
          const nl = this.pending.indexOf('\n', end);
          if (nl < 0) break;
          end = nl + 1;
          n++;
        }
        lines = n;
        if (n > 0) break;
      }
      if (this.pending.length > this.config.maxRecordBytes) {
        // A CSV record that does not end within the limit (an unterminated quote): its first
        // line goes to the dead letters and reading goes on at the next line.
        this.dropFirstLine();
        continue;
      }
      if (!(await this.fill())) {
        // An unterminated quoted field at the end of the file: hand it over for the parser
        // to report.
        end = this.pending.length;
        lines = 0;
        break;
      }
    }
    const text = this.pending.slice(0, end);
    const bytes = this.bytesOf(text);
    this.pending = this.pending.slice(end);
    const first = this.pendingLine;
    this.pendingLine += lines;
    this.pendingByte += bytes;
    return { text, first, bytes };
  }

  /**
   * Drops the record being accumulated (pending text and the bytes after it up to the next
   * newline) as a dead letter: a record over `max.record.bytes` never sits in memory whole.
   */
  private async skipOversized(): Promise<void> {
    const line = this.pendingLine;
    const head = `${this.pending.slice(0, 1024)}${this.decoder.decode(this.leftover.subarray(0, 1024))}`;
    let skipped = this.bytesOf(this.pending) + this.leftover.length;
    let lines = 1;
    for (let i = this.pending.indexOf('\n'); i >= 0; i = this.pending.indexOf('\n', i + 1)) {
      lines++;
    }
    this.pending = '';
    this.leftover = new Uint8Array(0);
    const chunk = new Uint8Array(CHUNK_BYTES);
    for (;;) {
      const { bytesRead } = await this.handle!.read(chunk, 0, CHUNK_BYTES, this.readPos);
      if (bytesRead === 0) {
        this.eof = true;
        lines--;
        break;
      }
      this.readPos += bytesRead;
      const nl = chunk.subarray(0, bytesRead).indexOf(NEWLINE);
      if (nl < 0) {
        skipped += bytesRead;
        continue;
      }
      skipped += nl + 1;
      this.leftover = chunk.slice(nl + 1, bytesRead);
      break;
    }
    this.pendingByte += skipped;
    this.pendingLine += lines;
    this.oversized.push({
      location: `${this.location}:${line}`,
      line,
      raw: head.slice(0, 1024),
      reason: `record of ${skipped} bytes is over the limit of ${this.config.maxRecordBytes} bytes (max.record.bytes)`,
    });
  }

  private dropFirstLine(): void {
    const nl = this.pending.indexOf('\n');
    const text = this.pending.slice(0, nl + 1);
    this.pending = this.pending.slice(nl + 1);
    this.oversized.push({
      location: `${this.location}:${this.pendingLine}`,
      line: this.pendingLine,
      raw: text.slice(0, 1024),
      reason: `CSV record does not end within max.record.bytes (${this.config.maxRecordBytes}); its first line is skipped`,
    });
    this.pendingByte += this.bytesOf(text);
    this.pendingLine += 1;
  }

  private get location(): string {
    return this.files[this.fileIndex] ?? this.config.path;
  }

  position(): FilePosition {
    const position: FilePosition = {
      file: this.fileIndex,
      byte: this.pendingByte,
      skip: 0,
      line: this.pendingLine,
    };
    if (this.config.watch) {
      position.path = this.files[this.fileIndex];
      position.seen = this.listing.readPaths();
    }
    return position;
  }

  async readBatch(max: number): Promise<SourceBatch> {
    const records: EngineRecord[] = [];
    const deadLetters: SourceDeadLetter[] = [];
    let bytes = 0;
    let tableLoaded: true | undefined;
    while (!this.finished && records.length + deadLetters.length < max) {
      if (!this.handle) {
        if (this.tableLoadPending) {
          this.tableLoadPending = false;
          tableLoaded = true;
        }
        if (!(await this.scanForNewFiles())) break;
        continue;
      }
      const taken = await this.takeRecords(max - records.length - deadLetters.length);
      const { text, first } = taken;
      if (this.oversized.length > 0) deadLetters.push(...this.oversized.splice(0));
      if (text === '') {
        if (this.pending === '' && this.eof) await this.nextFile();
        continue;
      }
      bytes += taken.bytes;
      this.parse(text, first, records, deadLetters);
    }
    return {
      records,
      done: this.finished,
      position: this.position(),
      deadLetters,
      bytes,
      tableLoaded,
    };
  }

  /** Watch mode: lists the glob again (at most every `watch.interval` ms) for unread files. */
  private async scanForNewFiles(): Promise<boolean> {
    const fresh = await this.listing.rescan(Date.now());
    if (fresh.length === 0) return false;
    this.files = fresh;
    this.fileIndex = 0;
    await this.openFile(0, 1);
    return true;
  }

  private async nextFile(): Promise<void> {
    await this.handle?.close();
    this.handle = null;
    this.listing.markRead(this.files[this.fileIndex]);
    this.fileIndex++;
    this.pendingByte = 0;
    this.pendingLine = 1;
    if (this.fileIndex < this.files.length) await this.openFile(0, 1);
    else if (!this.config.watch) this.finished = true;
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
        firstLine,
      });
      rows = parsed.rows;
      for (const e of parsed.errors) dead(e.line, e.raw, e.message);
    }
    const now = this.now();
    for (const row of rows) {
      if (!isPlainObject(row)) {
        dead(undefined, JSON.stringify(String(row)), 'expected a JSON object');
        continue;
      }
      records.push({ fields: row, eventTime: now });
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

export async function createFileSource(
  uri: string,
  options: SourceOptions,
): Promise<FileSource | ParquetSource> {
  const config = parseFileUri(uri);
  if (typeof config === 'string') throw new Error(config);
  if (config.format === 'parquet') {
    const parquet = new ParquetSource(uri, config, options);
    await parquet.open(options.resumeFrom as ParquetPosition | undefined);
    return parquet;
  }
  const source = new FileSource(uri, config, options);
  await source.open(options.resumeFrom as FilePosition | undefined);
  return source;
}
