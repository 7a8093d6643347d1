SELECT k, COUNT(*) AS n, TUMBLE_START() AS ws FROM input GROUP BY k WINDOW TUMBLING(1m)
WITH ('event.time.field' = 'ts', 'event.time.format' = 'iso8601')
