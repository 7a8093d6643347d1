export declare function isXerialSnappy(data: Uint8Array): boolean;
export declare function decompressSnappy(data: Buffer): Buffer;
export declare function compressSnappy(data: Buffer): Buffer;
export declare function decompressZstd(data: Buffer): Buffer;
export declare function compressZstd(data: Buffer): Buffer;
export declare function registerKafkaCodecs(): void;
