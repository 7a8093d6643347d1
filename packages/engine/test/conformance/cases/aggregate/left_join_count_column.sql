-- customers is the stream side: each customer record meets every matching order
-- unordered
SELECT c.name, COUNT(*) AS n, COUNT(o.id) AS orders FROM customers c LEFT JOIN orders o ON c.id = o.cid GROUP BY c.name EMIT FINAL
