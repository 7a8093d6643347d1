-- the earlier side is kept until the watermark passes its upper bound
-- unordered
-- interleave
SELECT a.id AS aid, b.id AS bid FROM clicks a JOIN views b
ON a.k = b.k AND b.ts BETWEEN a.ts AND a.ts + INTERVAL '1' MINUTE
WITH ('event.time.field' = 'ts', 'event.time.format' = 'epoch_millis')
