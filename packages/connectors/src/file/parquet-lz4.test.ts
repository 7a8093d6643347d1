import { describe, expect, it } from 'vitest';
import { lz4BlockDecompress } from './parquet-lz4.ts';

const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('lz4BlockDecompress', () => {
  it('copies literals and overlapping matches', () => {
    // token 0x35: 3 literals "abc", then a match of 5 + 4 = 9 bytes at offset 3
    const block = new Uint8Array([0x35, 97, 98, 99, 3, 0]);
    expect(text(lz4BlockDecompress(block, 12))).toBe('abcabcabcabc');
  });

  it('reads extended lengths (15 + 255 + …)', () => {
    const literals = 'y'.repeat(15 + 255 + 2);
    const block = new Uint8Array([0xf0, 255, 2, ...new TextEncoder().encode(literals)]);
    expect(text(lz4BlockDecompress(block, literals.length))).toBe(literals);
  });

  it('names a corrupt block instead of reading out of bounds', () => {
    expect(() => lz4BlockDecompress(new Uint8Array([0x35, 97, 98, 99, 9, 0]), 12)).toThrow(
      'corrupt LZ4 block: offset 9 at output byte 3',
    );
    expect(() => lz4BlockDecompress(new Uint8Array([0x35, 97, 98, 99, 3, 0]), 20)).toThrow(
      'corrupt LZ4 block: 12 bytes decoded, the page says 20',
    );
    expect(() => lz4BlockDecompress(new Uint8Array([0xf0]), 20)).toThrow(
      'corrupt LZ4 block: length runs past the end',
    );
  });
});
