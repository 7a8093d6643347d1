-- windows without records emit nothing
SELECT k, COUNT(*) AS n, TUMBLE_START() AS ws, TUMBLE_END() AS we
FROM input
GROUP BY k
WINDOW TUMBLING(5s)
EMIT FINAL
WITH ('event.time.field' = 'ts', 'event.time.format' = 'epoch_millis')
