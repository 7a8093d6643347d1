-- ten times 0.10 is exactly 1.00
SELECT SUM(v) AS s FROM input EMIT FINAL
