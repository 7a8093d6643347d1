-- WINDOW may stand before GROUP BY
SELECT k, COUNT(*) AS n FROM input WINDOW TUMBLING(5s) GROUP BY k EMIT FINAL WITH ('event.time.field' = 'ts', 'event.time.format' = 'epoch_millis')
