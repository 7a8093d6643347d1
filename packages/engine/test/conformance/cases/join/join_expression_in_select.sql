SELECT o.id, UPPER(c.name) || '#' || CAST(o.id AS STRING) AS label, o.amount * 2 AS doubled FROM orders o JOIN customers c ON o.cid = c.id WHERE o.id = 2
