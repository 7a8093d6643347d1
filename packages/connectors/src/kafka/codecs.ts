/**
 * The Kafka compression codecs, typed: the implementation is plain JavaScript
 * (codecs-kafkajs.mjs, codecs-support.mjs) so that the producer thread, which runs without a
 * TypeScript loader, registers the same codecs in its own kafkajs.
 */
export {
  compressSnappy,
  compressZstd,
  decompressSnappy,
  decompressZstd,
  isXerialSnappy,
  registerKafkaCodecs,
} from './codecs-kafkajs.mjs';
export {
  COMPRESSION_CODECS,
  type CompressionCodec,
  ZSTD_COMPRESSION_UNAVAILABLE,
  zstdCompressionAvailable,
} from './codecs-support.mjs';
