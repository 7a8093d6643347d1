SELECT a.id AS aid, b.id AS bid FROM clicks a JOIN views b ON a.k = b.k AND b.ts BETWEEN a.ts - 300000 AND a.ts WITH ('event.time.field' = 'ts', 'event.time.format' = 'epoch_millis')
