SELECT o.id, c.name, n.country FROM orders o
JOIN customers c ON o.cid = c.id
LEFT JOIN nations n ON c.nation = n.code
