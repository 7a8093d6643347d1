SELECT k, SUM(v) AS s, COUNT(v) AS n FROM input GROUP BY k
