SELECT COUNT(*) AS n FROM input WINDOW TUMBLING(5s) WITH ('event.time.field' = 'ts', 'late.policy' = 'keep')
