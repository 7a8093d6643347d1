-- negative halves round away from zero
SELECT x, ROUND(x, 1) AS r FROM input
