SELECT o.id AS order_id, c.id AS customer_id FROM orders o INNER JOIN customers c ON c.id = o.cid WHERE o.amount > 1.00
