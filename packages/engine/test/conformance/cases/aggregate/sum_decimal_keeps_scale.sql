-- SUM keeps the largest input scale; an INTEGER row joins as scale 0
-- unordered
SELECT k, SUM(p) AS s FROM input GROUP BY k EMIT FINAL
