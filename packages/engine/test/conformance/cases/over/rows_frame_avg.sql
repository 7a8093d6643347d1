-- AVG = SUM / COUNT under the DECIMAL division rule: scale 6, half even
-- unordered
SELECT p, ts, AVG(v) OVER (PARTITION BY p ORDER BY ts ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS w FROM input
