-- without ORDER BY every row of a partition gets the whole partition's aggregate
-- unordered
SELECT k, v, SUM(v) OVER (PARTITION BY k) AS s, COUNT(*) OVER () AS n, RANK() OVER (PARTITION BY k) AS r FROM input
