-- unordered
SELECT p, ts, ROW_NUMBER() OVER (PARTITION BY p ORDER BY ts) AS w FROM input
