import type { EngineRecord } from '@velo/engine';
import { RowFormatter } from '../file/sink.ts';
import type { Sink, SinkOptions } from '../types.ts';
import { parseStdoutUri, type StdoutConfig } from './config.ts';

/** Writes JSONL/CSV lines to standard output (or the stream given in the options). */
export class StdoutSink implements Sink {
  private formatter: RowFormatter;
  private buffer = '';

  constructor(
    readonly uri: string,
    config: StdoutConfig,
    private readonly out: NodeJS.WritableStream,
  ) {
    this.formatter = new RowFormatter(config.format, config.delimiter, config.header);
  }

  async writeBatch(columns: string[], records: EngineRecord[]): Promise<void> {
    this.buffer += this.formatter.formatRows(columns, records);
    if (this.buffer.length > 1 << 16) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.buffer === '') return;
    const text = this.buffer;
    this.buffer = '';
    // Respect back-pressure so piping into `head` or a slow consumer does not buffer unboundedly.
    if (!this.out.write(text)) await new Promise((r) => this.out.once('drain', r));
  }

  async close(): Promise<void> {
    await this.flush();
  }
}

export async function createStdoutSink(uri: string, options: SinkOptions): Promise<StdoutSink> {
  const config = parseStdoutUri(uri);
  if (typeof config === 'string') throw new Error(config);
  return new StdoutSink(uri, config, options.stdout ?? process.stdout);
}
