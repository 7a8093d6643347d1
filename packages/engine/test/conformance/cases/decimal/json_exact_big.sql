SELECT a, b, c, d FROM input
