-- a table side without a key keeps every row, so every matching row joins (DESIGN §2)
SELECT o.id, c.name FROM orders o JOIN customers c ON o.cid = c.id
