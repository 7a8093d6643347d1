SELECT o.id FROM orders o WHERE o.cid IN (SELECT id FROM vip)
