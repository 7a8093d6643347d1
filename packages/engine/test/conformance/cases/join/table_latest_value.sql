-- a keyed table side (message keys) keeps the latest row per key
SELECT o.id, c.name FROM orders o JOIN customers c ON o.cid = c.id
