SELECT k, SUM(amount) AS total FROM input GROUP BY k WINDOW SESSION(30s) WITH ('event.time.field' = 'ts', 'event.time.format' = 'epoch_millis')
