SELECT COUNT(*) AS n, TUMBLE_END() AS e FROM input WINDOW TUMBLING(1m) WITH ('event.time.field' = 'ts', 'event.time.format' = 'epoch_millis')
