-- rounding that carries into the next digit
SELECT x, ROUND(x, 0) AS r FROM input
