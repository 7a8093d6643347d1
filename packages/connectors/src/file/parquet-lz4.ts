/**
 * LZ4 block decompression for Parquet's LZ4_RAW pages (pyarrow's and DuckDB's `lz4`). The page
 * header gives the decompressed size, so one pass fills a buffer of exactly that size. The
 * LZ4 library this project has (@platformatic/wasm-utils) reads only the framed format.
 */
export function lz4BlockDecompress(input: Uint8Array, outputLength: number): Uint8Array {
  const out = new Uint8Array(outputLength);
  const corrupt = (why: string) => new Error(`corrupt LZ4 block: ${why}`);
  let i = 0;
  let o = 0;
  const extendedLength = (start: number): number => {
    let length = start;
    let b: number;
    do {
      if (i >= input.length) throw corrupt('length runs past the end');
      b = input[i++];
      length += b;
    } while (b === 255);
    return length;
  };
  while (i < input.length) {
    const token = input[i++];
    let literals = token >>> 4;
    if (literals === 15) literals = extendedLength(15);
    if (i + literals > input.length || o + literals > outputLength) {
      throw corrupt('literals run past the end');
    }
    out.set(input.subarray(i, i + literals), o);
    i += literals;
    o += literals;
    // The last sequence is literals only.
    if (i >= input.length) break;
    if (i + 2 > input.length) throw corrupt('offset runs past the end');
    const offset = input[i] | (input[i + 1] << 8);
    i += 2;
    if (offset === 0 || offset > o) throw corrupt(`offset ${offset} at output byte ${o}`);
    let match = token & 15;
    if (match === 15) match = extendedLength(15);
    match += 4;
    if (o + match > outputLength) throw corrupt('match runs past the end');
    // Byte by byte: a match may overlap the bytes it produces (offset < length).
    for (let from = o - offset, end = o + match; o < end; ) out[o++] = out[from++];
  }
  if (o !== outputLength) throw corrupt(`${o} bytes decoded, the page says ${outputLength}`);
  return out;
}
