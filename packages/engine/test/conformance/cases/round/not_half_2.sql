-- non-ties round to nearest
SELECT x, ROUND(x, 2) AS r FROM input
