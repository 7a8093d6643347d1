-- unordered
SELECT c.name, SUM(o.amount) AS total, COUNT(*) AS n FROM orders o JOIN customers c ON o.cid = c.id GROUP BY c.name EMIT FINAL
