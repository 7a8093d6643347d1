-- unordered
SELECT p, ts, ROW_NUMBER() OVER (ORDER BY ts) AS w FROM input
