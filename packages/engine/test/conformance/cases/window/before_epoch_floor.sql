-- windows align with floor(t / size): -1 ms is in [-5000, 0), not [0, 5000)
SELECT COUNT(*) AS n, _window_start AS ws, _window_end AS we FROM input WINDOW TUMBLING(5s) WITH ('event.time.field' = 'ts', 'event.time.format' = 'epoch_millis')
