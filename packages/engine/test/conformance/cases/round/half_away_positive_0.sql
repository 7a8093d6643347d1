-- ROUND rounds half away from zero
SELECT x, ROUND(x, 0) AS r FROM input
