import { type FileHandle, open, stat } from 'node:fs/promises';
import zlib from 'node:zlib';
import type { EngineRecord, Value } from '@velo/engine';
import { decompress as zstdDecompress } from 'fzstd';
import {
  type AsyncBuffer,
  type Compressors,
  type FileMetaData,
  parquetMetadataAsync,
  parquetRead,
  parquetSchema,
} from 'hyparquet';
import type { Source, SourceBatch, SourceDeadLetter, SourceOptions } from '../types.ts';
import type { FileConfig } from './config.ts';
import { confinedPath, openFlags } from './confine.ts';
import { GlobFiles } from './glob-files.ts';
import { lz4BlockDecompress } from './parquet-lz4.ts';
import {
  converterFor,
  PARQUET_PARSERS,
  type ParquetConverter,
  rawDecimalMetadata,
} from './parquet-values.ts';

/**
 * Resume point of a Parquet source: file index (in name order) and the index of the next row
 * in that file. `path` and `seen` (watch mode) as in FilePosition.
 */
export interface ParquetPosition {
  file: number;
  row: number;
  path?: string;
  seen?: string[];
}

/** hyparquet reads snappy and uncompressed pages itself; the others are decoded here. */
const COMPRESSORS: Compressors = {
  GZIP: (input) => zlib.gunzipSync(input),
  LZ4_RAW: lz4BlockDecompress,
  BROTLI: (input) => zlib.brotliDecompressSync(input),
  ZSTD: (input, outputLength) => zstdDecompress(input, new Uint8Array(outputLength)),
};

/** Positioned reads on an open file: hyparquet fetches only the footer and the chunks it reads. */
function fileBuffer(handle: FileHandle, size: number): AsyncBuffer {
  return {
    byteLength: size,
    async slice(start: number, end = size): Promise<ArrayBuffer> {
      const buf = new Uint8Array(end - start);
      let done = 0;
      while (done < buf.length) {
        const { bytesRead } = await handle.read(buf, done, buf.length - done, start + done);
        if (bytesRead === 0) throw new Error('file shrank while it was read');
        done += bytesRead;
      }
      return buf.buffer;
    },
  };
}

/** Watch mode: how long an unreadable file must stay unmodified before it is skipped. */
const UNREADABLE_GRACE_MS = 10_000;

/** A file that opened but did not read as Parquet (or lacks a `columns=` column). */
class UnreadableParquetError extends Error {}

interface OpenFile {
  path: string;
  handle: FileHandle;
  buffer: AsyncBuffer;
  /** The file's metadata with decimals left raw (parquet-values.ts). */
  metadata: FileMetaData;
  columns: string[];
  converters: ParquetConverter[];
  /** First row of each row group, then the row count. */
  groupStarts: number[];
  groupBytes: number[];
}

/**
 * Reads Parquet files (one, or a glob in name order) one row group at a time: only the footer
 * and the column chunks of the group being read are in memory. Fields are typed from the
 * file's schema (parquet-values.ts); event time is derived by the engine (`event.time.*`).
 */
export class ParquetSource implements Source {
  readonly bounded: boolean;
  private files: string[] = [];
  private fileIndex = 0;
  private current: OpenFile | null = null;
  /** Next row of the current file to hand out. */
  private row = 0;
  /** Rows of the loaded row group from `row` on, not yet handed out. */
  private buffered: unknown[][] = [];
  private bufferAt = 0;
  private finished = false;
  private listing: GlobFiles;
  private tableLoadPending: boolean;
  /** Watch mode: files skipped as not Parquet, reported with the next batch. */
  private skipped: SourceDeadLetter[] = [];
  private readonly now: () => number;

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

  async open(resumeFrom?: ParquetPosition): Promise<void> {
    this.listing = new GlobFiles(this.config, resumeFrom);
    ({ files: this.files, index: this.fileIndex } = await this.listing.open(resumeFrom));
    if (this.fileIndex >= this.files.length) {
      this.finished = !this.config.watch;
      return;
    }
    if (this.config.watch) await this.openWatched(resumeFrom?.row ?? 0);
    else await this.openFile(resumeFrom?.row ?? 0);
  }

  /** Watch mode: opens the current file, or leaves it for a later scan. */
  private async openWatched(row: number): Promise<boolean> {
    const path = this.files[this.fileIndex];
    try {
      await this.openFile(row);
      return true;
    } catch (e) {
      if (!(e instanceof UnreadableParquetError)) throw e;
      // A file still being written has no footer yet: it is retried at the next scan. One left
      // unchanged for UNREADABLE_GRACE_MS is not Parquet: a dead letter, and reading goes on.
      const modified = await stat((await confinedPath(path)).path).then(
        (s) => s.mtimeMs,
        () => 0,
      );
      if (Date.now() - modified >= UNREADABLE_GRACE_MS) {
        this.listing.markRead(path);
        this.skipped.push({ location: path, raw: '', reason: e.message });
      }
      return false;
    }
  }

  private async openFile(row: number): Promise<void> {
    const path = this.files[this.fileIndex];
    const target = await confinedPath(path);
    let handle: FileHandle;
    try {
      handle = await open(target.path, openFlags('r', target.confined));
    } catch (e) {
      throw new Error(`cannot open '${path}': ${(e as NodeJS.ErrnoException).code ?? e}`);
    }
    try {
      const buffer = fileBuffer(handle, (await handle.stat()).size);
      const metadata = await parquetMetadataAsync(buffer);
      const schema = parquetSchema(metadata);
      const all = schema.children.map((c) => c.element.name);
      const columns = this.config.columns ?? all;
      const missing = columns.filter((c) => !all.includes(c));
      if (missing.length > 0) {
        throw new Error(`no column '${missing[0]}' (it has ${all.join(', ')})`);
      }
      const converters = columns.map((c) => converterFor(schema.children[all.indexOf(c)]));
      const groupStarts = [0];
      for (const g of metadata.row_groups)
        groupStarts.push(groupStarts.at(-1)! + Number(g.num_rows));
      this.current = {
        path,
        handle,
        buffer,
        metadata: rawDecimalMetadata(metadata),
        columns,
        converters,
        groupStarts,
        groupBytes: metadata.row_groups.map((g) =>
          Number(g.total_compressed_size ?? g.total_byte_size),
        ),
      };
    } catch (e) {
      await handle.close();
      throw new UnreadableParquetError(
        `cannot read Parquet file '${path}': ${(e as Error).message}`,
      );
    }
    this.row = row;
    this.buffered = [];
    this.bufferAt = 0;
  }

  /** Loads the rest of the row group holding `row`; returns its compressed size. */
  private async loadGroup(file: OpenFile): Promise<number> {
    const group = file.groupStarts.findLastIndex((start) => start <= this.row);
    const rowEnd = file.groupStarts[group + 1];
    let rows: unknown[][] = [];
    try {
      await parquetRead({
        file: file.buffer,
        metadata: file.metadata,
        columns: file.columns,
        rowStart: this.row,
        rowEnd,
        utf8: false,
        geoparquet: false,
        parsers: PARQUET_PARSERS,
        compressors: COMPRESSORS,
        onComplete: (r: unknown[][]) => {
          rows = r;
        },
      });
    } catch (e) {
      throw new Error(
        `cannot read rows ${this.row}–${rowEnd - 1} of '${file.path}': ${(e as Error).message}`,
      );
    }
    this.buffered = rows;
    this.bufferAt = 0;
    return file.groupBytes[group] ?? 0;
  }

  position(): ParquetPosition {
    const position: ParquetPosition = { file: this.fileIndex, row: this.row };
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
      if (this.skipped.length > 0) deadLetters.push(...this.skipped.splice(0));
      const file = this.current;
      if (!file) {
        if (this.tableLoadPending) {
          this.tableLoadPending = false;
          tableLoaded = true;
        }
        if (!(await this.scanForNewFiles())) break;
        continue;
      }
      if (this.bufferAt >= this.buffered.length) {
        if (this.row >= file.groupStarts.at(-1)!) await this.nextFile();
        else bytes += await this.loadGroup(file);
        continue;
      }
      const now = this.now();
      const end = Math.min(
        this.buffered.length,
        this.bufferAt + max - records.length - deadLetters.length,
      );
      for (; this.bufferAt < end; this.bufferAt++, this.row++) {
        const raw = this.buffered[this.bufferAt];
        try {
          const fields: Record<string, Value> = {};
          for (let c = 0; c < file.columns.length; c++) {
            fields[file.columns[c]] = file.converters[c](raw[c]);
          }
          records.push({ fields, eventTime: now });
        } catch (e) {
          deadLetters.push({
            location: `${file.path}#row=${this.row}`,
            raw: String(raw).slice(0, 1024),
            reason: (e as Error).message,
          });
        }
      }
      if (this.bufferAt >= this.buffered.length) this.buffered = [];
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
    // A file not readable yet waits for the next scan, and so do the files after it (name order).
    return (await this.openWatched(0)) || this.skipped.length > 0;
  }

  private async nextFile(): Promise<void> {
    await this.current?.handle.close();
    this.current = null;
    this.listing.markRead(this.files[this.fileIndex]);
    this.fileIndex++;
    this.row = 0;
    if (this.fileIndex >= this.files.length) this.finished = !this.config.watch;
    else if (this.config.watch) await this.openWatched(0);
    else await this.openFile(0);
  }

  async commit(): Promise<void> {
    // Files are not acknowledged; the position lives in the caller's checkpoint.
  }

  async close(): Promise<void> {
    await this.current?.handle.close();
    this.current = null;
  }
}
