export declare const COMPRESSION_CODECS: readonly ['none', 'gzip', 'snappy', 'lz4', 'zstd'];
export type CompressionCodec = (typeof COMPRESSION_CODECS)[number];
export declare const zlibZstdCompress: ((data: Buffer) => Buffer) | undefined;
export declare const zstdCompressionAvailable: boolean;
export declare const ZSTD_COMPRESSION_UNAVAILABLE: string;
