SELECT x + 1.50 AS p, x * 2.0 AS t, x / 3 AS d FROM input
