-- ROUND rounds half away from zero
SELECT x, ROUND(x, 2) AS r FROM input
