SELECT k, COUNT(*) AS n, RANK() OVER w AS r FROM input GROUP BY k WINDOW TUMBLING(1m) WINDOW w AS (ORDER BY k DESC) WITH ('event.time.field' = 'ts', 'event.time.format' = 'epoch_millis')
