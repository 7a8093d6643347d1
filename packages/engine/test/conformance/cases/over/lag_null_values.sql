-- unordered
SELECT ts, LAG(v) OVER (ORDER BY ts) AS prev FROM input
