-- unordered
SELECT k, FIRST(v) AS f, LAST(v) AS l FROM input GROUP BY k EMIT FINAL
