SELECT k, ARRAY_AGG(v ORDER BY v DESC) AS a FROM input GROUP BY k WINDOW TUMBLING(10s) WITH ('event.time.field' = 'ts', 'event.time.format' = 'epoch_millis')
