/**
 * Machine-readable diagnostic codes (for editors: quick fixes, filtering), derived from the
 * message text in one place so the many call sites only pass messages.
 */
const CODES: [RegExp, string][] = [
  [/^column ".*" does not exist/, 'unknown_column'],
  [/^column reference ".*" is ambiguous/, 'ambiguous_column'],
  [/^relation ".*" does not exist/, 'unknown_relation'],
  [/^function ".*" does not exist/, 'unknown_function'],
  [/^stream or table ".*" does not exist/, 'unknown_source'],
  [/^stream or table ".*" is already defined/, 'duplicate_name'],
  [/must appear in the GROUP BY clause/, 'ungrouped_column'],
  [
    /^aggregate function|^HAVING needs|^SELECT \* cannot be combined|^GROUP BY position/,
    'aggregate',
  ],
  [/OVER needs the whole partition|OVER without ORDER BY is computed/, 'over_never_emits'],
  [/window function|cannot take OVER|frame/, 'window_function'],
  [/expects .* arguments?, got|^\w+\(\*\) is not allowed|^DISTINCT is only allowed/, 'arguments'],
  [/^window runs on processing time/, 'processing_time'],
  [/^EMIT/, 'emit'],
  [/window|TUMBLE|_window_|needs a window|only allowed in GROUP BY/, 'window'],
  [/^invalid '(event\.time\.format|watermark\.delay|late\.policy)'/, 'option'],
  [/JOIN/, 'join'],
  [/subquery/, 'subquery'],
  [/interval/, 'interval'],
  [
    /^operator |must be BOOLEAN|^LIKE needs|^cannot cast|^EXTRACT needs|^argument \d+ of|^unknown EXTRACT field|scale must be/,
    'type_mismatch',
  ],
];

export function codeForMessage(message: string): string {
  for (const [re, code] of CODES) if (re.test(message)) return code;
  return 'semantic';
}
