/**
 * What this Node.js can compress with, without loading the codecs (config.ts checks a sink's
 * `compression=` against it when a URI is parsed).
 */
import zlib from 'node:zlib';

/** The zstd compressor of node:zlib (Node.js 22.15+), or undefined. */
export const zlibZstdCompress = (zlib as unknown as { zstdCompressSync?: (b: Buffer) => Buffer })
  .zstdCompressSync;

/** True when this process can write zstd-compressed batches. */
export const zstdCompressionAvailable = typeof zlibZstdCompress === 'function';

/** The message a request to produce zstd gets on a Node.js without zlib zstd. */
export const ZSTD_COMPRESSION_UNAVAILABLE = `zstd compression needs Node.js 22.15 or later (node:zlib zstd); this process runs Node.js ${process.versions.node}. Produce with compression=gzip instead (zstd topics are still read)`;
