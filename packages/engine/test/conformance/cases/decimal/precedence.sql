SELECT a + b * 2 AS r, (a + b) * 2 AS s FROM input
