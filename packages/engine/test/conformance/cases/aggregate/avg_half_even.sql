-- scale 7 stays 7: 0.0000025 / 2 = 0.00000125 rounds half even to 0.0000012
SELECT AVG(x) AS a FROM input EMIT FINAL
