SELECT o.id FROM orders o WHERE o.cid IN (SELECT c.id FROM customers c WHERE c.name LIKE 'A%')
