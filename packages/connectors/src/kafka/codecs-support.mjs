// What this Node.js can compress with, without loading the codecs: config.ts checks a sink's
// `compression=` against it when a URI is parsed. Plain JavaScript (typed by
// codecs-support.d.mts) because the producer thread (producer-thread.mjs) loads it too.
import zlib from 'node:zlib';

/**
 * Kafka's record-batch codecs, indexed by the code in a batch's attributes — the values of
 * kafkajs's CompressionTypes, named as @platformatic/kafka and the `compression=` parameter
 * name them.
 */
export const COMPRESSION_CODECS = Object.freeze(['none', 'gzip', 'snappy', 'lz4', 'zstd']);

/** The zstd compressor of node:zlib (Node.js 22.15+), or undefined. */
export const zlibZstdCompress = zlib.zstdCompressSync;

/** True when this process can write zstd-compressed batches. */
export const zstdCompressionAvailable = typeof zlibZstdCompress === 'function';

/** The message a request to produce zstd gets on a Node.js without zlib zstd. */
export const ZSTD_COMPRESSION_UNAVAILABLE = `zstd compression needs Node.js 22.15 or later (node:zlib zstd); this process runs Node.js ${process.versions.node}. Produce with compression=gzip, snappy or lz4 instead (zstd topics are still read)`;
