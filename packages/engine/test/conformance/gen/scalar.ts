import Decimal from 'decimal.js';
import { add } from './lib.ts';

const D = Decimal.clone({ precision: 1000 });

function roundCase(name: string, pairs: [string, number][], description: string): void {
  const byScale = new Map<number, string[]>();
  for (const [x, n] of pairs) byScale.set(n, [...(byScale.get(n) ?? []), x]);
  for (const [n, xs] of byScale) {
    add('round', `${name}_${n}`, {
      sql: `SELECT x, ROUND(x, ${n}) AS r FROM input`,
      input: xs.map((x) => `{"x": ${x}}`),
      expected: xs.map((x) => {
        const r = new D(x).toDecimalPlaces(n, Decimal.ROUND_HALF_UP);
        const text = (r.isZero() ? r.abs() : r).toFixed(n);
        return `{"x":${JSON.stringify(x)},"r":${JSON.stringify(text)}}`;
      }),
      description,
    });
  }
}

export function generateScalarCases(): void {
  roundCase(
    'half_away_positive',
    [
      ['2.5', 0],
      ['0.125', 2],
      ['1.005', 2],
      ['2.45', 1],
    ],
    'ROUND rounds half away from zero',
  );
  roundCase(
    'half_away_negative',
    [
      ['-2.5', 0],
      ['-0.125', 2],
      ['-1.005', 2],
      ['-2.45', 1],
    ],
    'negative halves round away from zero',
  );
  roundCase(
    'not_half',
    [
      ['2.4999', 0],
      ['2.5001', 0],
      ['-2.4999', 0],
      ['0.994', 2],
    ],
    'non-ties round to nearest',
  );
  roundCase(
    'widen_scale',
    [
      ['1.5', 3],
      ['2.0', 2],
      ['0.1', 1],
    ],
    'ROUND to a larger scale pads zeros',
  );
  roundCase(
    'many_digits',
    [
      ['123456789012345.675', 2],
      ['0.12345678901234567895', 19],
      ['99999999999999999.5', 0],
    ],
    'exact rounding of long decimals',
  );
  roundCase(
    'carry',
    [
      ['9.995', 2],
      ['-9.995', 2],
      ['0.5', 0],
      ['-0.5', 0],
    ],
    'rounding that carries into the next digit',
  );
  add('round', 'one_argument', {
    sql: 'SELECT ROUND(x) AS r FROM input',
    input: ['{"x": 2.5}', '{"x": -2.5}', '{"x": 2.49}'],
    expected: ['{"r":"3"}', '{"r":"-3"}', '{"r":"2"}'],
  });
  add('round', 'null', {
    sql: 'SELECT ROUND(x, 2) AS r FROM input',
    input: ['{"x": null}', '{"x": 1.234}'],
    expected: ['{"r":null}', '{"r":"1.23"}'],
  });
  add('math', 'abs_keeps_scale', {
    sql: 'SELECT ABS(x) AS a FROM input',
    input: ['{"x": -1.50}', '{"x": 2.000}', '{"x": null}'],
    expected: ['{"a":"1.50"}', '{"a":"2.000"}', '{"a":null}'],
  });
  add('math', 'floor_ceil', {
    sql: 'SELECT FLOOR(x) AS f, CEIL(x) AS c FROM input',
    input: ['{"x": 1.5}', '{"x": -1.5}', '{"x": 2.00}', '{"x": -0.01}'],
    expected: [
      '{"f":"1","c":"2"}',
      '{"f":"-2","c":"-1"}',
      '{"f":"2","c":"2"}',
      '{"f":"-1","c":"0"}',
    ],
  });
  add('math', 'power_sqrt_float', {
    sql: 'SELECT POWER(x, 2) AS p, SQRT(x) AS s FROM input',
    input: ['{"x": 4e0}', '{"x": 2.25e0}'],
    expected: ['{"p":16,"s":2}', '{"p":5.0625,"s":1.5}'],
  });
  add('math', 'mod_integers', {
    sql: 'SELECT MOD(a, b) AS m, a % b AS p FROM input',
    input: ['{"a": 7, "b": 3}', '{"a": -7, "b": 3}', '{"a": 9007199254740993, "b": 10}'],
    expected: ['{"m":1,"p":1}', '{"m":-1,"p":-1}', '{"m":3,"p":3}'],
  });

  // Strings, UTF-8 included. LENGTH and SUBSTRING count characters (code points), not bytes.
  add('string', 'upper_lower', {
    sql: 'SELECT UPPER(s) AS u, LOWER(s) AS l FROM input',
    input: ['{"s": "Hello"}', '{"s": "héllo wörld"}', '{"s": "ÉCOLE"}', '{"s": null}'],
    expected: [
      '{"u":"HELLO","l":"hello"}',
      '{"u":"HÉLLO WÖRLD","l":"héllo wörld"}',
      '{"u":"ÉCOLE","l":"école"}',
      '{"u":null,"l":null}',
    ],
  });
  add('string', 'length_code_points', {
    sql: 'SELECT s, LENGTH(s) AS n FROM input',
    input: ['{"s": "abc"}', '{"s": "héllo"}', '{"s": "日本語"}', '{"s": "😀a"}', '{"s": ""}'],
    expected: [
      '{"s":"abc","n":3}',
      '{"s":"héllo","n":5}',
      '{"s":"日本語","n":3}',
      '{"s":"😀a","n":2}',
      '{"s":"","n":0}',
    ],
  });
  add('string', 'substring', {
    sql: 'SELECT SUBSTRING(s, 2, 3) AS a, SUBSTRING(s, 3) AS b FROM input',
    input: ['{"s": "abcdef"}', '{"s": "日本語テキスト"}', '{"s": "ab"}'],
    expected: ['{"a":"bcd","b":"cdef"}', '{"a":"本語テ","b":"語テキスト"}', '{"a":"b","b":""}'],
  });
  add('string', 'trim', {
    sql: 'SELECT TRIM(s) AS t, LTRIM(s) AS l, RTRIM(s) AS r FROM input',
    input: ['{"s": "  a b  "}', '{"s": "x"}'],
    expected: ['{"t":"a b","l":"a b  ","r":"  a b"}', '{"t":"x","l":"x","r":"x"}'],
  });
  add('string', 'concat_function', {
    sql: "SELECT CONCAT(a, '-', b) AS c FROM input",
    input: ['{"a": "x", "b": "y"}', '{"a": "é", "b": "日"}'],
    expected: ['{"c":"x-y"}', '{"c":"é-日"}'],
  });
  add('string', 'concat_operator', {
    sql: "SELECT a || '/' || b AS c FROM input",
    input: ['{"a": "x", "b": "y"}', '{"a": "ü", "b": "😀"}'],
    expected: ['{"c":"x/y"}', '{"c":"ü/😀"}'],
  });
  add('string', 'concat_operator_null', {
    sql: 'SELECT a || b AS c FROM input',
    input: ['{"a": "x", "b": null}', '{"a": null, "b": "y"}'],
    expected: ['{"c":null}', '{"c":null}'],
    description: '|| with NULL is NULL (SQL standard)',
  });
  add('string', 'replace', {
    sql: "SELECT REPLACE(s, 'a', 'ä') AS r FROM input",
    input: ['{"s": "banana"}', '{"s": "xyz"}'],
    expected: ['{"r":"bänänä"}', '{"r":"xyz"}'],
  });
  add('string', 'split_part', {
    sql: "SELECT SPLIT_PART(s, ',', 2) AS p FROM input",
    input: ['{"s": "a,b,c"}', '{"s": "日,本"}', '{"s": "only"}'],
    expected: ['{"p":"b"}', '{"p":"本"}', '{"p":""}'],
  });
  add('string', 'compare_code_points', {
    sql: "SELECT s FROM input WHERE s > 'z'",
    input: ['{"s": "a"}', '{"s": "é"}', '{"s": "Z"}', '{"s": "日"}', '{"s": "za"}'],
    expected: ['{"s":"é"}', '{"s":"日"}', '{"s":"za"}'],
  });
  add('string', 'utf8_passthrough', {
    sql: 'SELECT * FROM input',
    input: [
      '{"name": "Zoë", "city": "Zürich"}',
      '{"name": "李小龍", "city": "香港"}',
      '{"name": "emoji 🎉", "city": "\\u00e9"}',
    ],
    expected: [
      '{"name":"Zoë","city":"Zürich"}',
      '{"name":"李小龍","city":"香港"}',
      '{"name":"emoji 🎉","city":"é"}',
    ],
  });
  add('string', 'escapes_roundtrip', {
    sql: 'SELECT s FROM input',
    input: ['{"s": "quote \\" backslash \\\\ tab \\t newline \\n"}'],
    expected: ['{"s":"quote \\" backslash \\\\ tab \\t newline \\n"}'],
  });
  add('string', 'group_by_utf8', {
    sql: 'SELECT city, COUNT(*) AS n FROM input GROUP BY city EMIT FINAL',
    input: ['{"city": "Zürich"}', '{"city": "香港"}', '{"city": "Zürich"}'],
    expected: ['{"city":"Zürich","n":2}', '{"city":"香港","n":1}'],
    unordered: true,
  });

  // Predicates
  add('predicate', 'like', {
    sql: "SELECT s FROM input WHERE s LIKE 'a%'",
    input: ['{"s": "apple"}', '{"s": "banana"}', '{"s": "a"}', '{"s": "Apple"}', '{"s": null}'],
    expected: ['{"s":"apple"}', '{"s":"a"}'],
  });
  add('predicate', 'like_underscore', {
    sql: "SELECT s FROM input WHERE s LIKE '_é_'",
    input: ['{"s": "thé"}', '{"s": "fée"}', '{"s": "été"}', '{"s": "fees"}'],
    expected: ['{"s":"fée"}'],
    description: '_ matches exactly one character, including a multi-byte one',
  });
  add('predicate', 'not_like', {
    sql: "SELECT s FROM input WHERE s NOT LIKE '%an%'",
    input: ['{"s": "banana"}', '{"s": "kiwi"}', '{"s": null}'],
    expected: ['{"s":"kiwi"}'],
  });
  add('predicate', 'in_list', {
    sql: 'SELECT id FROM input WHERE id IN (1, 3, 5)',
    input: ['{"id": 1}', '{"id": 2}', '{"id": 3}', '{"id": null}'],
    expected: ['{"id":1}', '{"id":3}'],
  });
  add('predicate', 'in_list_decimal', {
    sql: 'SELECT p FROM input WHERE p IN (1.5, 2)',
    input: ['{"p": 1.50}', '{"p": 2.0}', '{"p": 2.01}'],
    expected: ['{"p":"1.50"}', '{"p":"2.0"}'],
  });
  add('predicate', 'not_in_with_null', {
    sql: 'SELECT id FROM input WHERE id NOT IN (1, 2)',
    input: ['{"id": 1}', '{"id": 3}', '{"id": null}'],
    expected: ['{"id":3}'],
  });
  add('predicate', 'between', {
    sql: 'SELECT v FROM input WHERE v BETWEEN 10 AND 20.5',
    input: ['{"v": 9.99}', '{"v": 10.00}', '{"v": 20.50}', '{"v": 20.51}', '{"v": null}'],
    expected: ['{"v":"10.00"}', '{"v":"20.50"}'],
  });
  add('predicate', 'not_between', {
    sql: 'SELECT v FROM input WHERE v NOT BETWEEN 1 AND 2',
    input: ['{"v": 0}', '{"v": 1}', '{"v": 3}'],
    expected: ['{"v":0}', '{"v":3}'],
  });
  add('predicate', 'is_null', {
    sql: 'SELECT id, v IS NULL AS n, v IS NOT NULL AS nn FROM input',
    input: ['{"id": 1, "v": null}', '{"id": 2, "v": 0}', '{"id": 3}'],
    expected: [
      '{"id":1,"n":true,"nn":false}',
      '{"id":2,"n":false,"nn":true}',
      '{"id":3,"n":true,"nn":false}',
    ],
    description: 'a missing field reads as NULL',
  });
  add('predicate', 'three_valued_and_or', {
    sql: 'SELECT id, (a > 0 AND b > 0) AS x, (a > 0 OR b > 0) AS y, NOT (a > 0) AS z FROM input',
    input: [
      '{"id": 1, "a": 1, "b": null}',
      '{"id": 2, "a": -1, "b": null}',
      '{"id": 3, "a": null, "b": null}',
      '{"id": 4, "a": 1, "b": 1}',
    ],
    expected: [
      '{"id":1,"x":null,"y":true,"z":false}',
      '{"id":2,"x":false,"y":null,"z":true}',
      '{"id":3,"x":null,"y":null,"z":null}',
      '{"id":4,"x":true,"y":true,"z":false}',
    ],
  });
  add('predicate', 'where_null_is_false', {
    sql: 'SELECT id FROM input WHERE v > 1',
    input: ['{"id": 1, "v": null}', '{"id": 2, "v": 2}'],
    expected: ['{"id":2}'],
  });
  add('predicate', 'boolean_column', {
    sql: 'SELECT id FROM input WHERE active',
    input: ['{"id": 1, "active": true}', '{"id": 2, "active": false}', '{"id": 3, "active": null}'],
    expected: ['{"id":1}'],
  });
  add('predicate', 'comparison_mixed_types', {
    sql: 'SELECT id FROM input WHERE a < b',
    input: [
      '{"id": 1, "a": 1, "b": 1.5}',
      '{"id": 2, "a": 2.5, "b": 2}',
      '{"id": 3, "a": 1.5, "b": 1.6e0}',
    ],
    expected: ['{"id":1}', '{"id":3}'],
  });

  // Conditional expressions
  add('conditional', 'case_searched', {
    sql: "SELECT id, CASE WHEN v > 10 THEN 'big' WHEN v > 5 THEN 'mid' ELSE 'small' END AS size FROM input",
    input: ['{"id": 1, "v": 11}', '{"id": 2, "v": 6}', '{"id": 3, "v": 1}', '{"id": 4, "v": null}'],
    expected: [
      '{"id":1,"size":"big"}',
      '{"id":2,"size":"mid"}',
      '{"id":3,"size":"small"}',
      '{"id":4,"size":"small"}',
    ],
  });
  add('conditional', 'case_simple', {
    sql: "SELECT CASE k WHEN 'a' THEN 1 WHEN 'b' THEN 2 END AS n FROM input",
    input: ['{"k": "a"}', '{"k": "b"}', '{"k": "c"}', '{"k": null}'],
    expected: ['{"n":1}', '{"n":2}', '{"n":null}', '{"n":null}'],
  });
  add('conditional', 'case_decimal_scale', {
    sql: 'SELECT CASE WHEN f THEN 1.5 ELSE 2.25 END AS v FROM input',
    input: ['{"f": true}', '{"f": false}'],
    expected: ['{"v":"1.5"}', '{"v":"2.25"}'],
    description: 'each branch keeps the scale it was written with',
  });
  add('conditional', 'coalesce', {
    sql: "SELECT COALESCE(a, b, 'none') AS c FROM input",
    input: ['{"a": "x", "b": "y"}', '{"a": null, "b": "y"}', '{"a": null, "b": null}'],
    expected: ['{"c":"x"}', '{"c":"y"}', '{"c":"none"}'],
  });
  add('conditional', 'nullif', {
    sql: 'SELECT NULLIF(a, 0) AS n FROM input',
    input: ['{"a": 0}', '{"a": 5}', '{"a": null}'],
    expected: ['{"n":null}', '{"n":5}', '{"n":null}'],
  });
  add('conditional', 'nullif_avoids_division_by_zero', {
    sql: 'SELECT a / NULLIF(b, 0) AS r FROM input',
    input: ['{"a": 1.00, "b": 0}', '{"a": 1.00, "b": 4}'],
    expected: ['{"r":null}', '{"r":"0.250000"}'],
  });

  // Casts
  add('cast', 'to_integer', {
    sql: 'SELECT CAST(s AS INTEGER) AS i FROM input',
    input: ['{"s": "42"}', '{"s": "-7"}', '{"s": "9007199254740993"}'],
    expected: ['{"i":42}', '{"i":-7}', '{"i":9007199254740993}'],
  });
  add('cast', 'bad_cast_dlq', {
    sql: 'SELECT id, CAST(s AS INTEGER) AS i FROM input',
    input: ['{"id": 1, "s": "42"}', '{"id": 2, "s": "abc"}', '{"id": 3, "s": "7"}'],
    expected: ['{"id":1,"i":42}', '{"id":3,"i":7}'],
    dlq: [
      '{"record":{"id":2,"s":"abc"},"reason":"cannot cast \'abc\' to INTEGER","line":2,"column":12}',
    ],
    description: 'a failed cast sends the record to the DLQ and the stream continues',
  });
  add('cast', 'to_string', {
    sql: 'SELECT CAST(d AS STRING) AS s, CAST(i AS STRING) AS t FROM input',
    input: ['{"d": 1.50, "i": 9007199254740993}'],
    expected: ['{"s":"1.50","t":"9007199254740993"}'],
  });
  add('cast', 'to_float', {
    sql: 'SELECT CAST(d AS FLOAT) AS f FROM input',
    input: ['{"d": 1.50}', '{"d": 2}'],
    expected: ['{"f":1.5}', '{"f":2}'],
  });
  add('cast', 'to_boolean', {
    sql: 'SELECT CAST(s AS BOOLEAN) AS b FROM input',
    input: ['{"s": "true"}', '{"s": "false"}'],
    expected: ['{"b":true}', '{"b":false}'],
  });
  add('cast', 'to_timestamp', {
    sql: 'SELECT CAST(s AS TIMESTAMP) AS t FROM input',
    input: ['{"s": "2023-11-14T22:13:20Z"}', '{"s": "2024-02-29T12:00:00.123Z"}'],
    expected: ['{"t":"2023-11-14T22:13:20.000Z"}', '{"t":"2024-02-29T12:00:00.123Z"}'],
  });
  add('cast', 'null', {
    sql: 'SELECT CAST(v AS INTEGER) AS i, CAST(v AS STRING) AS s FROM input',
    input: ['{"v": null}'],
    expected: ['{"i":null,"s":null}'],
  });
}
