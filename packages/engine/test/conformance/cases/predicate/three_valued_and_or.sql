SELECT id, (a > 0 AND b > 0) AS x, (a > 0 OR b > 0) AS y, NOT (a > 0) AS z FROM input
