/**
 * Signatures and one-line docs of every function the analyzer accepts, for editors (signature
 * help, hover, completion). Kept beside the registries it describes; docs.test.ts fails when a
 * registered function has no entry here, so the editor never lags behind the engine.
 * Parameters ending in `?` are optional; `...` marks a variadic tail.
 */
import { WINDOW_BOUND_FUNCTIONS } from '../analyze/functions.ts';
import { canonicalAggregateName } from './aggregates.ts';
import { getScalarFunction } from './registry.ts';

export type FunctionKind =
  | 'scalar'
  | 'aggregate'
  | 'window'
  | 'window bound'
  | 'group window'
  | 'header';

export interface FunctionDoc {
  name: string;
  kind: FunctionKind;
  params: string[];
  returns: string;
  summary: string;
}

type Row = [name: string, params: string, returns: string, summary: string];

const SCALAR: Row[] = [
  ['ABS', 'x', 'type of x', 'Absolute value.'],
  ['ROUND', 'x, n?', 'type of x', 'Rounds half away from zero to n decimal places (default 0).'],
  ['TRUNC', 'x, n?', 'type of x', 'Truncates towards zero to n decimal places (default 0).'],
  ['FLOOR', 'x', 'type of x', 'Largest whole number not above x.'],
  ['CEIL', 'x', 'type of x', 'Smallest whole number not below x.'],
  ['POWER', 'base, exponent', 'numeric', 'base raised to exponent.'],
  ['SQRT', 'x', 'numeric', 'Square root; a negative x is an error (dead letter).'],
  ['CBRT', 'x', 'FLOAT', 'Cube root.'],
  ['EXP', 'x', 'FLOAT', 'e raised to x.'],
  ['LN', 'x', 'FLOAT', 'Natural logarithm.'],
  ['LOG', 'base?, x', 'FLOAT', 'LOG(x) is base 10; LOG(b, x) is base b.'],
  ['LOG10', 'x', 'FLOAT', 'Base-10 logarithm.'],
  ['MOD', 'x, y', 'numeric', 'Remainder of x / y with the sign of x; y = 0 is a dead letter.'],
  ['SIGN', 'x', 'type of x', '-1, 0 or 1 by the sign of x.'],
  ['UPPER', 's', 'STRING', 'Upper-cases s.'],
  ['LOWER', 's', 'STRING', 'Lower-cases s.'],
  ['TRIM', 's', 'STRING', 'Removes leading and trailing spaces.'],
  ['LTRIM', 's', 'STRING', 'Removes leading spaces.'],
  ['RTRIM', 's', 'STRING', 'Removes trailing spaces.'],
  ['BTRIM', 's, chars?', 'STRING', 'Removes the given characters (default space) at both ends.'],
  ['LENGTH', 's', 'INTEGER', 'Number of characters (Unicode code points).'],
  ['OCTET_LENGTH', 's', 'INTEGER', 'Number of UTF-8 bytes.'],
  ['SUBSTRING', 's, start, length?', 'STRING', 'Characters from 1-based start, up to length.'],
  ['LEFT', 's, n', 'STRING', 'The first n characters (negative n: all but the last -n).'],
  ['RIGHT', 's, n', 'STRING', 'The last n characters (negative n: all but the first -n).'],
  ['CONCAT', 'value, ...', 'STRING', 'Joins the values as text, skipping NULLs.'],
  [
    'CONCAT_WS',
    'separator, value, ...',
    'STRING',
    'Joins the values with a separator, skipping NULLs.',
  ],
  ['REPLACE', 's, from, to', 'STRING', 'Replaces every occurrence of from with to.'],
  ['SPLIT_PART', 's, delimiter, n', 'STRING', 'The n-th field (1-based; negative from the end).'],
  ['POSITION', 'needle IN haystack', 'INTEGER', '1-based position of needle, 0 when absent.'],
  ['STRPOS', 'haystack, needle', 'INTEGER', '1-based position of needle, 0 when absent.'],
  ['REVERSE', 's', 'STRING', 'The characters of s in reverse order.'],
  ['REPEAT', 's, n', 'STRING', 's repeated n times.'],
  ['LPAD', 's, length, fill?', 'STRING', 'Pads on the left (default space) or cuts to length.'],
  ['RPAD', 's, length, fill?', 'STRING', 'Pads on the right (default space) or cuts to length.'],
  ['STARTS_WITH', 's, prefix', 'BOOLEAN', 'Whether s starts with prefix.'],
  ['ENDS_WITH', 's, suffix', 'BOOLEAN', 'Whether s ends with suffix.'],
  ['CONTAINS', 's, part', 'BOOLEAN', 'Whether s contains part.'],
  ['INITCAP', 's', 'STRING', 'Upper-cases the first letter of each word, lower-cases the rest.'],
  [
    'REGEXP_REPLACE',
    's, pattern, replacement, flags?',
    'STRING',
    "Regex replace; flags 'g' (all) and 'i'.",
  ],
  ['REGEXP_LIKE', 's, pattern', 'BOOLEAN', 'Whether the regular expression matches s.'],
  [
    'DATE_FORMAT',
    "ts, 'yyyy-MM-dd HH:mm:ss'",
    'STRING',
    'Formats a timestamp (UTC) with Java/Flink pattern letters.',
  ],
  [
    'DATE_DIFF',
    "'unit', start, end",
    'INTEGER',
    'Number of unit boundaries crossed from start to end.',
  ],
  [
    'EXTRACT',
    'field FROM ts',
    'INTEGER',
    'A field of a timestamp: YEAR, MONTH, DAY, HOUR, MINUTE, SECOND, DOW, EPOCH…',
  ],
  ['DATE_PART', "'field', ts", 'INTEGER', 'Same as EXTRACT(field FROM ts).'],
  [
    'DATE_TRUNC',
    "'unit', ts",
    'TIMESTAMP',
    'Truncates to the start of the unit (UTC; weeks start Monday).',
  ],
  ['NOW', '', 'TIMESTAMP', 'Processing time (not foldable).'],
  [
    'TO_TIMESTAMP',
    'value, pattern?',
    'TIMESTAMP',
    'Parses text (optional pattern); a number is epoch seconds.',
  ],
  ['FROM_UNIXTIME', 'seconds', 'TIMESTAMP', 'Timestamp from epoch seconds.'],
  ['TIMESTAMP_MILLIS', 'millis', 'TIMESTAMP', 'Timestamp from epoch milliseconds.'],
  ['UNIX_TIMESTAMP', 'ts?', 'INTEGER', 'Epoch seconds of ts (default: now).'],
  ['TO_EPOCH_MILLIS', 'ts', 'INTEGER', 'Epoch milliseconds of ts.'],
  ['EPOCH_SECONDS', 'ts', 'INTEGER', 'Epoch seconds of ts.'],
  ['COALESCE', 'value, ...', 'common type', 'The first argument that is not NULL.'],
  ['NULLIF', 'a, b', 'type of a', 'NULL when a = b, else a.'],
  ['GREATEST', 'value, ...', 'common type', 'The largest argument (NULLs ignored).'],
  ['LEAST', 'value, ...', 'common type', 'The smallest argument (NULLs ignored).'],
  [
    'JSON_VALUE',
    "json, '$.path'",
    'type at path',
    'The scalar at a JSON path, type kept exact (DECIMAL stays DECIMAL).',
  ],
  ['JSON_QUERY', "json, '$.path'", 'JSON', 'The JSON object or array at a path.'],
  ['JSON_EXISTS', "json, '$.path'", 'BOOLEAN', 'Whether the path exists in the document.'],
];

const AGGREGATE: Row[] = [
  ['COUNT', 'value | * | DISTINCT value', 'INTEGER', 'Number of rows (or non-NULL values).'],
  ['SUM', 'x', 'type of x', 'Sum, exact for INTEGER and DECIMAL (scale kept).'],
  ['AVG', 'x', 'DECIMAL', 'SUM / COUNT under the division rule (scale max(s, 6)).'],
  ['MIN', 'x', 'type of x', 'Smallest value.'],
  ['MAX', 'x', 'type of x', 'Largest value.'],
  ['FIRST', 'x', 'type of x', 'First value in arrival order.'],
  ['LAST', 'x', 'type of x', 'Last value in arrival order.'],
  ['MEDIAN', 'x', 'type of x', 'Middle value (mean of the two middle ones for even counts).'],
  ['STDDEV', 'x', 'FLOAT', 'Sample standard deviation.'],
  ['STDDEV_SAMP', 'x', 'FLOAT', 'Sample standard deviation.'],
  ['STDDEV_POP', 'x', 'FLOAT', 'Population standard deviation.'],
  ['VARIANCE', 'x', 'FLOAT', 'Sample variance.'],
  ['VAR_SAMP', 'x', 'FLOAT', 'Sample variance.'],
  ['VAR_POP', 'x', 'FLOAT', 'Population variance.'],
  ['ARRAY_AGG', 'x', 'JSON', 'The values as a JSON array, in arrival order.'],
  ['BOOL_AND', 'condition', 'BOOLEAN', 'True when every value is true.'],
  ['BOOL_OR', 'condition', 'BOOLEAN', 'True when any value is true.'],
  ['STRING_AGG', 'value, separator', 'STRING', 'The values joined with a separator.'],
  ['LISTAGG', 'value, separator?', 'STRING', 'The values joined with a separator (default comma).'],
  ['COVAR_POP', 'y, x', 'FLOAT', 'Population covariance.'],
  ['COVAR_SAMP', 'y, x', 'FLOAT', 'Sample covariance.'],
  ['CORR', 'y, x', 'FLOAT', 'Pearson correlation coefficient.'],
  ['APPROX_COUNT_DISTINCT', 'x', 'INTEGER', 'Approximate number of distinct values.'],
  ['APPROX_PERCENTILE', 'x, fraction', 'type of x', 'Approximate percentile (fraction 0..1).'],
];

const WINDOW: Row[] = [
  ['ROW_NUMBER', '', 'INTEGER', 'Row number within the partition, from 1 (needs OVER).'],
  ['RANK', '', 'INTEGER', 'Rank with gaps for ties (needs OVER).'],
  ['DENSE_RANK', '', 'INTEGER', 'Rank without gaps (needs OVER).'],
  ['PERCENT_RANK', '', 'FLOAT', '(rank - 1) / (rows - 1) (needs OVER).'],
  ['CUME_DIST', '', 'FLOAT', 'Share of rows up to this one (needs OVER).'],
  ['NTILE', 'buckets', 'INTEGER', 'Bucket number 1..buckets (needs OVER).'],
  ['LAG', 'x, offset?, default?', 'type of x', 'Value offset rows back (default 1; needs OVER).'],
  ['LEAD', 'x, offset?, default?', 'type of x', 'Value offset rows ahead (default 1; needs OVER).'],
  ['FIRST_VALUE', 'x', 'type of x', 'First value of the window frame (needs OVER).'],
  ['LAST_VALUE', 'x', 'type of x', 'Last value of the window frame (needs OVER).'],
  ['NTH_VALUE', 'x, n', 'type of x', 'n-th value of the window frame (needs OVER).'],
];

const OTHER: [FunctionKind, Row[]][] = [
  [
    'group window',
    [
      [
        'TUMBLE',
        'time_column, size',
        'window',
        "Flink-style tumbling window in GROUP BY: TUMBLE(ts, INTERVAL '1' MINUTE).",
      ],
      ['HOP', 'time_column, advance, size', 'window', 'Flink-style sliding window in GROUP BY.'],
      ['SESSION', 'time_column, gap', 'window', 'Flink-style session window in GROUP BY.'],
    ],
  ],
  [
    'header',
    [
      ['HEADER', "'key'", 'STRING', 'The value of a record header (NULL when absent).'],
      ['HAS_HEADER', "'key'", 'BOOLEAN', 'Whether the record has the header.'],
      ['HEADER_KEYS', '', 'STRING', 'The record header keys, comma separated.'],
      ['SET_HEADER', "'key', value", 'value', 'Sets a header on the output record.'],
      ['REMOVE_HEADER', "'key'", 'STRING', 'Removes a header from the output record.'],
    ],
  ],
];

const docs = new Map<string, FunctionDoc>();

function add(kind: FunctionKind, rows: Row[]): void {
  for (const [name, params, returns, summary] of rows) {
    const list = params === '' ? [] : params.split(/,\s*/);
    docs.set(name, { name, kind, params: list, returns, summary });
  }
}

add('scalar', SCALAR);
add('aggregate', AGGREGATE);
add('window', WINDOW);
for (const [kind, rows] of OTHER) add(kind, rows);
for (const [name, bound] of Object.entries(WINDOW_BOUND_FUNCTIONS)) {
  docs.set(name, {
    name,
    kind: 'window bound',
    params: [],
    returns: 'TIMESTAMP',
    summary: `The ${bound} of the current aggregate window.`,
  });
}

/** The doc of a function by any of its names (aliases resolve to the canonical entry). */
export function functionDoc(name: string): FunctionDoc | undefined {
  const upper = name.toUpperCase();
  const direct = docs.get(upper);
  if (direct) return direct;
  const scalar = getScalarFunction(upper);
  if (scalar) return docs.get(scalar.name);
  return docs.get(canonicalAggregateName(upper));
}

/** `NAME(a, b?) → TYPE`, the label editors show. */
export function functionSignature(doc: FunctionDoc): string {
  return `${doc.name}(${doc.params.join(', ')}) → ${doc.returns}`;
}

export function documentedFunctionNames(): string[] {
  return [...docs.keys()].sort();
}
