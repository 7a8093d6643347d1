-- MIN/MAX return the input value itself, with its type and scale
-- unordered
SELECT k, MIN(p) AS lo, MAX(p) AS hi, MIN(v) AS vlo, MAX(v) AS vhi FROM input GROUP BY k EMIT FINAL
