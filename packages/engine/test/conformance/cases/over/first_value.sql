-- unordered
SELECT p, ts, FIRST_VALUE(v) OVER (PARTITION BY p ORDER BY ts) AS w FROM input
