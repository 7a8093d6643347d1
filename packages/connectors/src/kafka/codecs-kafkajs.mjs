// Kafka record-batch compression codecs for kafkajs, which ships only gzip: Snappy, LZ4 and ZSTD
// are registered in its process-wide CompressionCodecs table, so a Kafka source reads topics
// written with any codec (Java clients, librdkafka, @platformatic/kafka, or a broker that
// recompresses because a topic sets `compression.type`) and a kafkajs producer writes them.
// Plain JavaScript (typed by codecs-kafkajs.d.mts; codecs.ts is the TypeScript entry) because
// the producer thread (producer-thread.mjs) registers them in its own kafkajs as well.
//
// - Snappy: Java producers and brokers write snappy-java's "xerial" stream (a magic header,
//   then length-prefixed raw Snappy blocks); librdkafka and @platformatic/kafka write one raw
//   Snappy block. Both are read; writing uses the xerial stream, as the Java client does.
// - LZ4: Kafka uses the standard LZ4 frame format (magic 0x184D2204, independent blocks),
//   which @platformatic/wasm-utils reads and writes.
// - ZSTD: decompressed by fzstd (pure JS). Compressing needs node:zlib's zstd, which Node
//   adds in 22.15; on older Node asking for it throws ZSTD_COMPRESSION_UNAVAILABLE.
//
// @platformatic/wasm-utils comes with @platformatic/kafka (the sink's default producer), which
// uses the same functions for its own lz4 and snappy.
import {
  lz4Compress,
  lz4Decompress,
  snappyCompress,
  snappyDecompress,
} from '@platformatic/wasm-utils';
import { decompress as zstdDecompress } from 'fzstd';
import kafkajs from 'kafkajs';
import { ZSTD_COMPRESSION_UNAVAILABLE, zlibZstdCompress } from './codecs-support.mjs';

// kafkajs is CommonJS and Node's ESM loader does not see CompressionCodecs among its named
// exports (CompressionTypes it does): read both from the module object.
const { CompressionCodecs, CompressionTypes } = kafkajs;

const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
const XERIAL_HEADER_BYTES = 16;
/** snappy-java's default block size, which the Java producer uses. */
const XERIAL_BLOCK_BYTES = 32 * 1024;

/** True for snappy-java's stream format (the Java client's and the broker's snappy). */
export function isXerialSnappy(data) {
  if (data.length < XERIAL_HEADER_BYTES) return false;
  for (let i = 0; i < XERIAL_MAGIC.length; i++) if (data[i] !== XERIAL_MAGIC[i]) return false;
  return true;
}

/** Decompresses Kafka snappy: the xerial stream or a single raw Snappy block. */
export function decompressSnappy(data) {
  if (!isXerialSnappy(data)) return snappyDecompress(data);
  const blocks = [];
  let at = XERIAL_HEADER_BYTES;
  while (at < data.length) {
    if (at + 4 > data.length) throw new Error('snappy: truncated xerial block header');
    const length = data.readUInt32BE(at);
    at += 4;
    if (at + length > data.length) throw new Error('snappy: truncated xerial block');
    blocks.push(snappyDecompress(data.subarray(at, at + length)));
    at += length;
  }
  return Buffer.concat(blocks);
}

/** Compresses as snappy-java's stream (header, then length-prefixed 32 KiB blocks). */
export function compressSnappy(data) {
  const header = Buffer.alloc(XERIAL_HEADER_BYTES);
  XERIAL_MAGIC.copy(header);
  header.writeInt32BE(1, 8); // stream version
  header.writeInt32BE(1, 12); // oldest compatible version
  const parts = [header];
  for (let at = 0; at < data.length; at += XERIAL_BLOCK_BYTES) {
    const block = snappyCompress(data.subarray(at, at + XERIAL_BLOCK_BYTES));
    const length = Buffer.alloc(4);
    length.writeInt32BE(block.length);
    parts.push(length, block);
  }
  return Buffer.concat(parts);
}

export function decompressZstd(data) {
  const out = zstdDecompress(data);
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
}

export function compressZstd(data) {
  if (!zlibZstdCompress) throw new Error(ZSTD_COMPRESSION_UNAVAILABLE);
  return zlibZstdCompress(data);
}

/** kafkajs's codec shape: `compress` gets its record encoder, `decompress` the batch bytes. */
function codec(compress, decompress) {
  return {
    async compress(encoder) {
      return compress(encoder.buffer);
    },
    async decompress(buffer) {
      return decompress(buffer);
    },
  };
}

let registered = false;

/**
 * Registers Snappy, LZ4 and ZSTD with kafkajs (idempotent). The table is process-wide (per
 * thread), so every kafkajs client of this thread reads and writes them (zstd writing only
 * where node:zlib has it).
 */
export function registerKafkaCodecs() {
  if (registered) return;
  registered = true;
  const snappy = codec(compressSnappy, decompressSnappy);
  const lz4 = codec(lz4Compress, lz4Decompress);
  const zstd = codec(compressZstd, decompressZstd);
  CompressionCodecs[CompressionTypes.Snappy] = () => snappy;
  CompressionCodecs[CompressionTypes.LZ4] = () => lz4;
  CompressionCodecs[CompressionTypes.ZSTD] = () => zstd;
}
