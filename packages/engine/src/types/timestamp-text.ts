/**
 * Timestamp text parsing. Zone-less text is UTC (never the host's local zone, unlike Date.parse).
 * Accepts `YYYY-MM-DD`, `YYYY-MM-DD[T ]hh:mm[:ss[.fraction]]` with optional `Z`, `±hh`,
 * `±hh:mm` or `±hhmm`, and `YYYY/MM/DD` variants.
 */

const ISO_RE =
  /^\s*(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[Tt ]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(?:([Zz]|UTC|GMT)|([+-])(\d{2}):?(\d{2})?)?\s*$/;

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Epoch ms of an ISO-8601-like text, or undefined when it is not one. */
export function tryParseTimestampText(text: string): number | undefined {
  const m = ISO_RE.exec(text);
  if (m === null) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const h = m[4] === undefined ? 0 : Number(m[4]);
  const mi = m[5] === undefined ? 0 : Number(m[5]);
  const s = m[6] === undefined ? 0 : Number(m[6]);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59) {
    return undefined;
  }
  let ms = 0;
  if (m[7] !== undefined) ms = Math.floor(Number(`0.${m[7]}`) * 1000 + 1e-7);
  let t = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  if (y < 100) t = new Date(t).setUTCFullYear(y);
  if (m[9] !== undefined) {
    const offset = Number(m[10]) * 60 + (m[11] === undefined ? 0 : Number(m[11]));
    t -= (m[9] === '-' ? -offset : offset) * 60_000;
  }
  return t;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));
const pad3 = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : String(n));

/**
 * Format epoch ms with a Java/Joda-style pattern (yyyy, MM, dd, HH, mm, ss, SSS; quoted 'T').
 * Used by CAST/TO_CHAR-like helpers and the event-time format option.
 */
export function formatTimestampPattern(ms: number, pattern: string): string {
  const d = new Date(ms);
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === "'") {
      const end = pattern.indexOf("'", i + 1);
      out += pattern.slice(i + 1, end === -1 ? pattern.length : end);
      i = end === -1 ? pattern.length : end + 1;
      continue;
    }
    let j = i;
    while (j < pattern.length && pattern[j] === c) j++;
    const run = j - i;
    switch (c) {
      case 'y':
        out +=
          run === 2 ? pad2(d.getUTCFullYear() % 100) : String(d.getUTCFullYear()).padStart(4, '0');
        break;
      case 'M':
        out += pad2(d.getUTCMonth() + 1);
        break;
      case 'd':
        out += pad2(d.getUTCDate());
        break;
      case 'H':
        out += pad2(d.getUTCHours());
        break;
      case 'm':
        out += pad2(d.getUTCMinutes());
        break;
      case 's':
        out += pad2(d.getUTCSeconds());
        break;
      case 'S':
        out += pad3(d.getUTCMilliseconds()).slice(0, run);
        break;
      default:
        out += pattern.slice(i, j);
    }
    i = j;
  }
  return out;
}

/**
 * Parse text with a Java/Joda-style pattern (yyyy MM dd HH mm ss SSS, quoted literals, other
 * characters literal). Returns epoch ms (UTC) or undefined.
 */
export function parseTimestampPattern(text: string, pattern: string): number | undefined {
  let y = 1970;
  let mo = 1;
  let d = 1;
  let h = 0;
  let mi = 0;
  let s = 0;
  let ms = 0;
  let pos = 0;
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === "'") {
      const end = pattern.indexOf("'", i + 1);
      const lit = pattern.slice(i + 1, end === -1 ? pattern.length : end);
      if (text.slice(pos, pos + lit.length) !== lit) return undefined;
      pos += lit.length;
      i = end === -1 ? pattern.length : end + 1;
      continue;
    }
    let j = i;
    while (j < pattern.length && pattern[j] === c) j++;
    const run = j - i;
    if ('yMdHmsS'.includes(c)) {
      const maxLen = c === 'y' ? (run === 2 ? 2 : 4) : c === 'S' ? run : 2;
      let k = pos;
      while (
        k < text.length &&
        k - pos < maxLen &&
        text.charCodeAt(k) >= 48 &&
        text.charCodeAt(k) <= 57
      )
        k++;
      if (k === pos) return undefined;
      const n = Number(text.slice(pos, k));
      if (c === 'y') y = run === 2 ? 2000 + n : n;
      else if (c === 'M') mo = n;
      else if (c === 'd') d = n;
      else if (c === 'H') h = n;
      else if (c === 'm') mi = n;
      else if (c === 's') s = n;
      else ms = Math.floor(n * 10 ** (3 - (k - pos)));
      pos = k;
    } else {
      if (text.slice(pos, pos + run) !== pattern.slice(i, j)) return undefined;
      pos += run;
    }
    i = j;
  }
  if (pos !== text.length) return undefined;
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59) {
    return undefined;
  }
  return Date.UTC(y, mo - 1, d, h, mi, s, ms);
}
