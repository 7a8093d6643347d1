-- EMIT FINAL emits one row per window and key, never one per record
SELECT k, COUNT(*) AS n, TUMBLE_START() AS ws, TUMBLE_END() AS we
FROM input
GROUP BY k
WINDOW TUMBLING(10s)
EMIT FINAL
WITH ('event.time.field' = 'ts', 'event.time.format' = 'epoch_millis')
