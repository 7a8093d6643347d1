-- x NOT IN (…, NULL) is never true: no rows (SQL three-valued logic)
SELECT o.id FROM orders o WHERE o.cid NOT IN (SELECT id FROM vip)
