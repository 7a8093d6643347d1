-- strings compare by code point
SELECT MIN(s) AS lo, MAX(s) AS hi FROM input EMIT FINAL
