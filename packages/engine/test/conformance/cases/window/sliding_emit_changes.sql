-- with EMIT CHANGES a record updates every sliding window it falls in
-- unordered
SELECT k, COUNT(*) AS n, _window_start AS ws FROM input GROUP BY k WINDOW SLIDING(10s, 5s) EMIT CHANGES WITH ('event.time.field' = 'ts', 'event.time.format' = 'epoch_millis')
