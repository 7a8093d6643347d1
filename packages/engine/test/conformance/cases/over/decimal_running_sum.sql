-- unordered
SELECT ts, SUM(amount) OVER (PARTITION BY k ORDER BY ts) AS total FROM input
