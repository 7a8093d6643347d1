-- the table side keeps the latest row per key
SELECT o.id, c.name FROM orders o JOIN customers c ON o.cid = c.id
