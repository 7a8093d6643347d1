-- Flink-style TUMBLE in GROUP BY
SELECT k, COUNT(*) AS n FROM input GROUP BY k, TUMBLE(ts, INTERVAL '5' SECOND) WITH ('event.time.field' = 'ts', 'event.time.format' = 'epoch_millis')
