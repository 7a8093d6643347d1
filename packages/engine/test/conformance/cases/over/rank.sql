-- ties share a rank and leave a gap
-- unordered
SELECT p, ts, RANK() OVER (PARTITION BY p ORDER BY v) AS w FROM input
