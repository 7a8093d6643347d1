-- orders without a customer (30, NULL) are dropped by INNER JOIN
SELECT o.id, c.name, o.amount FROM orders o JOIN customers c ON o.cid = c.id
