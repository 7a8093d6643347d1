-- NOT IN is unknown (filtered) for a NULL key
SELECT o.id FROM orders o WHERE o.cid NOT IN (SELECT id FROM vip)
