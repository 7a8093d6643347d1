-- rounding that carries into the next digit
SELECT x, ROUND(x, 2) AS r FROM input
