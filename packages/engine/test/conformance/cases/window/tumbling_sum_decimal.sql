SELECT k, SUM(amount) AS total, MIN(amount) AS lo, MAX(amount) AS hi, AVG(amount) AS mean
FROM input GROUP BY k WINDOW TUMBLING(5s) EMIT FINAL WITH ('event.time.field' = 'ts', 'event.time.format' = 'epoch_millis')
