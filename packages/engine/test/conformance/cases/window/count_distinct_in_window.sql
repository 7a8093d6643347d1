SELECT COUNT(DISTINCT u) AS users FROM input WINDOW TUMBLING(5s) WITH ('event.time.field' = 'ts', 'event.time.format' = 'epoch_millis')
