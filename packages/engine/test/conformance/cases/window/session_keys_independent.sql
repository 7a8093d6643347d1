-- unordered
SELECT k, COUNT(*) AS n, _window_start AS ws, _window_end AS we FROM input GROUP BY k WINDOW SESSION(5s) WITH ('event.time.field' = 'ts', 'event.time.format' = 'epoch_millis')
