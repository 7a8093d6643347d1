-- unordered
-- interleave
SELECT a.id AS aid, b.id AS bid FROM clicks a LEFT JOIN views b
ON a.k = b.k AND b.ts BETWEEN a.ts - INTERVAL '5' MINUTE AND a.ts
WITH ('event.time.field' = 'ts', 'event.time.format' = 'epoch_millis')
