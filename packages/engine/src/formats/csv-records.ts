/**
 * Where complete CSV records end in a text, with the quoting rules of `parseCsv` (a quote opens
 * a field only at its start; `""` inside quotes is a quote; a newline inside quotes belongs to
 * the field). Streaming readers cut their input here, so a quoted field spanning lines is never
 * split across two parses.
 */
export interface CsvRecordSpan {
  /** Length of the prefix holding the complete records (each ended by its newline). */
  end: number;
  /** Records in that prefix (blank lines count as records). */
  records: number;
  /** Newlines in that prefix (a record with quoted newlines spans several lines). */
  lines: number;
}

/** The prefix of `text` holding up to `max` complete records; a record without its newline is left out. */
export function takeCsvRecords(text: string, max: number, delimiter = ','): CsvRecordSpan {
  const d = delimiter.charCodeAt(0);
  const n = text.length;
  let end = 0;
  let records = 0;
  let lines = 0;
  let recordLines = 0;
  // Fast path: lines before the first quote are records by themselves.
  const firstQuote = text.indexOf('"');
  const plainUntil = firstQuote < 0 ? n : firstQuote;
  while (records < max) {
    const nl = text.indexOf('\n', end);
    if (nl < 0 || nl >= plainUntil) break;
    end = nl + 1;
    records++;
    lines++;
  }
  let i = end;
  let fieldStart = true;
  while (i < n && records < max) {
    const c = text.charCodeAt(i);
    if (c === 34 && fieldStart) {
      // Quoted field: runs to the closing quote (past newlines); `""` stays inside.
      i++;
      for (;;) {
        if (i >= n) return { end, records, lines };
        const q = text.charCodeAt(i);
        if (q === 34) {
          if (text.charCodeAt(i + 1) === 34) {
            i += 2;
            continue;
          }
          if (i + 1 >= n) return { end, records, lines };
          i++;
          break;
        }
        if (q === 10) recordLines++;
        i++;
      }
      fieldStart = false;
      continue;
    }
    i++;
    if (c === d) fieldStart = true;
    else if (c === 10) {
      records++;
      lines += recordLines + 1;
      recordLines = 0;
      end = i;
      fieldStart = true;
    } else fieldStart = false;
  }
  return { end, records, lines };
}
