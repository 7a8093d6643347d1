-- windowed aggregation defaults to EMIT FINAL
SELECT COUNT(*) AS n, TUMBLE_START() AS ws FROM input WINDOW TUMBLING(5s) WITH ('event.time.field' = 'ts', 'event.time.format' = 'epoch_millis')
