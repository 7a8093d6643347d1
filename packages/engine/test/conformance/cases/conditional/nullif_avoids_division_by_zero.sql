SELECT a / NULLIF(b, 0) AS r FROM input
