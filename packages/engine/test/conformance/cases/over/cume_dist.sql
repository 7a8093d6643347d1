-- unordered
SELECT p, ts, CUME_DIST() OVER (PARTITION BY p ORDER BY v) AS w FROM input
