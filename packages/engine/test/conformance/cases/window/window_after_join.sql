SELECT c.name, COUNT(*) AS n, SUM(o.amount) AS total FROM orders o JOIN customers c ON o.cid = c.id
GROUP BY c.name WINDOW TUMBLING(5s) WITH ('event.time.field' = 'ts', 'event.time.format' = 'epoch_millis')
