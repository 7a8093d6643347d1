-- a scalar subquery with no row is NULL
SELECT o.id, o.amount * (SELECT r.rate FROM rates r WHERE r.cur = o.cur) AS eur FROM orders o
