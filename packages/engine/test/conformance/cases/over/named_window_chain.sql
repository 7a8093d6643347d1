SELECT k, v, COUNT(*) OVER (p) AS n, SUM(v) OVER o AS s, LAG(v) OVER (p ORDER BY v) AS l FROM input WINDOW p AS (PARTITION BY k), o AS (p ORDER BY v)
