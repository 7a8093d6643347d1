-- the default frame ends at the current row
-- unordered
SELECT p, ts, LAST_VALUE(v) OVER (PARTITION BY p ORDER BY ts) AS w FROM input
