SELECT a IN (1, 2) AS i, a NOT IN (3) AS n FROM input
