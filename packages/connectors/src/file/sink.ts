import { type FileHandle, mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type EngineRecord, formatCsvHeader, formatCsvRow, formatJsonLines } from '@velo/engine';
import type { Sink, SinkOptions } from '../types.ts';
import { type FileConfig, parseFileUri } from './config.ts';
import { confinedPath, openFlags } from './confine.ts';
import { hasGlob } from './glob.ts';

const FLUSH_AT_CHARS = 1 << 20;

/** Formats records as JSONL (keys in column order) or CSV. Shared with the stdout sink. */
export class RowFormatter {
  private headerWritten = false;
  constructor(
    private readonly format: 'jsonl' | 'csv',
    private readonly delimiter = ',',
    private readonly header = true,
  ) {}

  formatRows(columns: string[], records: EngineRecord[]): string {
    let out = '';
    // Keys in column order; a column a record lacks is written as null.
    if (this.format === 'jsonl') return formatJsonLines(records, columns);
    if (this.header && !this.headerWritten) {
      out += `${formatCsvHeader(columns, this.delimiter)}\n`;
      this.headerWritten = true;
    }
    for (const r of records) {
      out += `${formatCsvRow(
        columns.map((c) => r.fields[c] ?? null),
        this.delimiter,
      )}\n`;
    }
    return out;
  }

  markHeaderWritten(): void {
    this.headerWritten = true;
  }
}

/** Writes JSONL or CSV to one file, creating parent folders; replaces the file unless appending. */
export class FileSink implements Sink {
  private handle: FileHandle | null = null;
  private buffer = '';
  private formatter: RowFormatter;

  constructor(
    readonly uri: string,
    private readonly config: FileConfig,
    private readonly append: boolean,
  ) {
    this.formatter = new RowFormatter(
      config.format === 'parquet' ? 'jsonl' : config.format,
      config.delimiter,
      config.header,
    );
  }

  async open(): Promise<void> {
    const target = await confinedPath(this.config.path);
    await mkdir(dirname(target.path), { recursive: true });
    this.handle = await open(target.path, openFlags(this.append ? 'a' : 'w', target.confined));
    if (this.append && (await this.handle.stat()).size > 0) this.formatter.markHeaderWritten();
  }

  async writeBatch(columns: string[], records: EngineRecord[]): Promise<void> {
    this.buffer += this.formatter.formatRows(columns, records);
    if (this.buffer.length >= FLUSH_AT_CHARS) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.buffer === '' || !this.handle) return;
    const text = this.buffer;
    this.buffer = '';
    await this.handle.write(text);
    await this.handle.datasync();
  }

  async close(): Promise<void> {
    await this.flush();
    await this.handle?.close();
    this.handle = null;
  }
}

export async function createFileSink(uri: string, options: SinkOptions): Promise<FileSink> {
  const config = parseFileUri(uri);
  if (typeof config === 'string') throw new Error(config);
  if (hasGlob(config.path)) throw new Error(`a file sink needs one path, not a glob: '${uri}'`);
  if (config.format === 'parquet') {
    throw new Error(
      `writing Parquet is not supported (planned); write format=jsonl or csv: '${uri}'`,
    );
  }
  const sink = new FileSink(uri, config, options.append ?? config.append);
  await sink.open();
  return sink;
}
