SELECT COUNT(*) AS n, _window_start AS ws FROM input WINDOW TUMBLING(1s) LIMIT 2 WITH ('event.time.field' = 'ts', 'event.time.format' = 'epoch_millis')
