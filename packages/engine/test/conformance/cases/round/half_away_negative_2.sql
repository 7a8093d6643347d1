-- negative halves round away from zero
SELECT x, ROUND(x, 2) AS r FROM input
