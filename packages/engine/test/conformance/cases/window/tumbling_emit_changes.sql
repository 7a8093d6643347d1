-- EMIT CHANGES emits the updated row for every input record
SELECT k, COUNT(*) AS n, _window_start AS ws FROM input GROUP BY k WINDOW TUMBLING(5s) EMIT CHANGES WITH ('event.time.field' = 'ts', 'event.time.format' = 'epoch_millis')
