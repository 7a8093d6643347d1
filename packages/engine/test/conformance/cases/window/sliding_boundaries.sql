-- window [10s,20s) holds 15000 and 19999; [15s,25s) holds all three
-- unordered
SELECT k, COUNT(*) AS n, _window_start AS ws, _window_end AS we
FROM input GROUP BY k WINDOW SLIDING(10s, 5s) EMIT FINAL WITH ('event.time.field' = 'ts', 'event.time.format' = 'epoch_millis')
