SELECT k, ROUND(AVG(amount), 2) AS mean FROM input GROUP BY k WINDOW TUMBLING(5s) WITH ('event.time.field' = 'ts', 'event.time.format' = 'epoch_millis')
