-- LEFT JOIN keeps orders with a missing or NULL key, right columns NULL
SELECT o.id, c.name FROM orders o LEFT JOIN customers c ON o.cid = c.id
