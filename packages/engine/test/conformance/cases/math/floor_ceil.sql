SELECT FLOOR(x) AS f, CEIL(x) AS c FROM input
