SELECT POWER(x, 2) AS p, SQRT(x) AS s FROM input
