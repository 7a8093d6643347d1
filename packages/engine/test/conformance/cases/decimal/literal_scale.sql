SELECT 100.00 AS a, 0.5 AS b, 1.250 * 2 AS c, 12 AS d, 0.1 + 0.2 AS e FROM input
