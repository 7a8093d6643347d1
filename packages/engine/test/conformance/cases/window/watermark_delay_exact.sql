-- with delay 1s, [0,5000) closes when the record at 6000 brings the watermark to 5000
SELECT k, COUNT(*) AS n, TUMBLE_START() AS ws, TUMBLE_END() AS we
FROM input
GROUP BY k
WINDOW TUMBLING(5s)
EMIT FINAL
WITH ('event.time.field' = 'ts', 'event.time.format' = 'epoch_millis', 'watermark.delay' = '1s')
