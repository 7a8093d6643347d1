import { CompressionCodecs, CompressionTypes } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import {
  COMPRESSION_CODECS,
  compressSnappy,
  compressZstd,
  decompressSnappy,
  decompressZstd,
  isXerialSnappy,
  registerKafkaCodecs,
  ZSTD_COMPRESSION_UNAVAILABLE,
  zstdCompressionAvailable,
} from './codecs.ts';
import { parseKafkaUri } from './config.ts';

const text = 'velo '.repeat(20_000); // 100 kB: several xerial blocks

describe('kafka snappy', () => {
  it('writes the xerial stream the Java client writes and reads it back', () => {
    const framed = compressSnappy(Buffer.from(text));
    expect(framed.subarray(0, 16).toString('hex')).toBe('82534e41505059000000000100000001');
    expect(isXerialSnappy(framed)).toBe(true);
    expect(decompressSnappy(framed).toString()).toBe(text);
  });

  it('reads a single raw Snappy block (librdkafka, @platformatic/kafka)', () => {
    // "hello" as one raw Snappy block: varint length 5, literal tag (4 << 2), the bytes
    const raw = Buffer.from([0x05, 0x10, ...Buffer.from('hello')]);
    expect(isXerialSnappy(raw)).toBe(false);
    expect(decompressSnappy(raw).toString()).toBe('hello');
  });

  it('names a truncated xerial stream', () => {
    const framed = compressSnappy(Buffer.from(text));
    expect(() => decompressSnappy(framed.subarray(0, framed.length - 3))).toThrow(
      'snappy: truncated xerial block',
    );
  });
});

describe('kafka zstd', () => {
  it('decompresses a frame without a content size (as streaming writers emit)', () => {
    // `echo -n 'hello zstd hello zstd hello zstd' | zstd -c` (zstd 1.5, no content size)
    const frame = Buffer.from(
      '28b52ffd04588d00005868656c6c6f207a737464200100fe8a170a03228e',
      'hex',
    );
    expect(decompressZstd(frame).toString()).toBe('hello zstd hello zstd hello zstd');
  });

  it('refuses to compress with a clear message where node:zlib has no zstd', () => {
    if (zstdCompressionAvailable) {
      expect(decompressZstd(compressZstd(Buffer.from(text))).toString()).toBe(text);
    } else {
      expect(() => compressZstd(Buffer.from(text))).toThrow(ZSTD_COMPRESSION_UNAVAILABLE);
      expect(ZSTD_COMPRESSION_UNAVAILABLE).toMatch(/^zstd compression needs Node\.js 22\.15/);
    }
  });
});

describe('registerKafkaCodecs', () => {
  it('gives kafkajs snappy, lz4 and zstd codecs that round-trip', async () => {
    registerKafkaCodecs();
    registerKafkaCodecs(); // idempotent
    const codecs = CompressionCodecs as Record<
      number,
      () => {
        compress(e: { buffer: Buffer }): Promise<Buffer>;
        decompress(b: Buffer): Promise<Buffer>;
      }
    >;
    for (const type of [CompressionTypes.Snappy, CompressionTypes.LZ4]) {
      const c = codecs[type]();
      const packed = await c.compress({ buffer: Buffer.from(text) });
      expect(packed.length).toBeLessThan(text.length / 10);
      expect((await c.decompress(packed)).toString()).toBe(text);
    }
    // LZ4 frame magic 0x184D2204 (little-endian), the format Kafka uses
    const lz4 = await codecs[CompressionTypes.LZ4]().compress({ buffer: Buffer.from(text) });
    expect(lz4.subarray(0, 4).toString('hex')).toBe('04224d18');
    const zstd = codecs[CompressionTypes.ZSTD]();
    const frame = Buffer.from(
      '28b52ffd04588d00005868656c6c6f207a737464200100fe8a170a03228e',
      'hex',
    );
    expect((await zstd.decompress(frame)).toString()).toBe('hello zstd hello zstd hello zstd');
  });
});

describe('a sink asking for a codec', () => {
  it.each(['none', 'gzip', 'snappy', 'lz4'] as const)('accepts compression=%s', (codec) => {
    const parsed = parseKafkaUri(`kafka://127.0.0.1:9092/t?compression=${codec}`);
    if (typeof parsed === 'string') throw new Error(parsed);
    expect(parsed.params.compression).toBe(codec);
  });

  it('names the codecs there are when it asks for another', () => {
    expect(parseKafkaUri('kafka://127.0.0.1:9092/t?compression=brotli')).toBe(
      `invalid parameter 'compression' in 'kafka://127.0.0.1:9092/t?compression=brotli': Invalid option: expected one of "none"|"gzip"|"snappy"|"lz4"|"zstd"`,
    );
  });

  it('maps each codec to its record-batch attribute code (kafkajs CompressionTypes)', () => {
    expect(COMPRESSION_CODECS.map((c) => COMPRESSION_CODECS.indexOf(c))).toEqual([
      CompressionTypes.None,
      CompressionTypes.GZIP,
      CompressionTypes.Snappy,
      CompressionTypes.LZ4,
      CompressionTypes.ZSTD,
    ]);
  });

  it('gets the reason at parse time where this Node.js cannot write zstd', () => {
    const parsed = parseKafkaUri('kafka://127.0.0.1:9092/t?compression=zstd');
    if (zstdCompressionAvailable) expect(typeof parsed).toBe('object');
    else {
      expect(parsed).toBe(
        `invalid parameter 'compression' in 'kafka://127.0.0.1:9092/t?compression=zstd': ${ZSTD_COMPRESSION_UNAVAILABLE}`,
      );
    }
  });
});
