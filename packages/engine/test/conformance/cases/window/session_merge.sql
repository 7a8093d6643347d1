-- an out-of-order event bridging two sessions merges them
SELECT k, COUNT(*) AS n, _window_start AS ws, _window_end AS we
FROM input GROUP BY k WINDOW SESSION(10s) EMIT FINAL WITH ('event.time.field' = 'ts', 'event.time.format' = 'epoch_millis', 'watermark.delay' = '30s')
