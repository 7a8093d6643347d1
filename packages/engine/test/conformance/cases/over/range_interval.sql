-- RANGE over an interval includes rows exactly one hour back
-- unordered
SELECT ts, SUM(v) OVER (ORDER BY ts RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW) AS s
FROM input WITH ('event.time.field' = 'ts', 'event.time.format' = 'epoch_millis')
