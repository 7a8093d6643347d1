/**
 * The dialect's keywords, declared once: the parser reserves `RESERVED_WORDS`, and the console's
 * editor highlights, completes and formats `SQL_KEYWORDS` and `WINDOW_KINDS` (browser-safe, no
 * imports), so the two cannot drift apart.
 */

/** Words that cannot be bare identifiers (quote them to use as names: "from"). */
export const RESERVED_WORDS: readonly string[] = [
  'SELECT',
  'FROM',
  'WHERE',
  'GROUP',
  'BY',
  'HAVING',
  'WINDOW',
  'EMIT',
  'LIMIT',
  'INTO',
  'WITH',
  'JOIN',
  'ON',
  'INNER',
  'LEFT',
  'RIGHT',
  'FULL',
  'CROSS',
  'OUTER',
  'AS',
  'AND',
  'OR',
  'NOT',
  'IN',
  'IS',
  'NULL',
  'BETWEEN',
  'LIKE',
  'ILIKE',
  'CASE',
  'WHEN',
  'THEN',
  'ELSE',
  'END',
  'CREATE',
  'TRUE',
  'FALSE',
  'DISTINCT',
  'EXISTS',
  'OVER',
  'ORDER',
  'UNION',
  'INTERSECT',
  'EXCEPT',
  'ESCAPE',
];

/** Words the parser reads as keywords only where a clause expects them; still usable as names. */
export const CONTEXTUAL_KEYWORDS: readonly string[] = [
  'FINAL',
  'CHANGES',
  'STREAM',
  'TABLE',
  'PARTITION',
  'ASC',
  'DESC',
  'ALL',
  'ROWS',
  'RANGE',
  'PRECEDING',
  'FOLLOWING',
  'CURRENT',
  'ROW',
  'UNBOUNDED',
  'INTERVAL',
];

/** Every keyword of the dialect (reserved first), for highlighting and completion. */
export const SQL_KEYWORDS: readonly string[] = [...RESERVED_WORDS, ...CONTEXTUAL_KEYWORDS];

/**
 * Time-window kinds after WINDOW (`TUMBLE`, `HOP`, `HOPPING` are spellings of TUMBLING and
 * SLIDING), highlighted apart because they shape a whole query.
 */
export const WINDOW_KINDS: readonly string[] = [
  'TUMBLING',
  'SLIDING',
  'SESSION',
  'TUMBLE',
  'HOP',
  'HOPPING',
];
