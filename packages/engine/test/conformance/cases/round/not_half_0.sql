-- non-ties round to nearest
SELECT x, ROUND(x, 0) AS r FROM input
