-- unordered
SELECT COUNT(*) AS n, _window_start AS ws FROM input WINDOW SLIDING(1m, 30s) WITH ('event.time.field' = 'ts', 'event.time.format' = 'epoch_millis')
