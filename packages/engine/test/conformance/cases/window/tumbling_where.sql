SELECT k, COUNT(*) AS n FROM input WHERE v > 0 GROUP BY k WINDOW TUMBLING(5s) EMIT FINAL WITH ('event.time.field' = 'ts', 'event.time.format' = 'epoch_millis')
