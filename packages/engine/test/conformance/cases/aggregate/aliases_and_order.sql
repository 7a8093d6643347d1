-- output keys follow SELECT order
SELECT COUNT(*) AS n, k AS key FROM input GROUP BY k EMIT FINAL
