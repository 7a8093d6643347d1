-- a bounded table side is loaded to its end before the stream side starts (DESIGN §2)
-- interleave
SELECT o.id, c.name FROM orders o JOIN customers c ON o.cid = c.id
