SELECT k, COUNT(*) AS n, TUMBLE_START() AS ws FROM input GROUP BY k WINDOW TUMBLING(5s)
WITH ('event.time.field' = 'ts', 'event.time.format' = 'epoch_seconds')
