-- negative halves round away from zero
SELECT x, ROUND(x, 0) AS r FROM input
