-- before, the joined columns came out NULL after an OVER
SELECT o.id, c.name, COUNT(*) OVER (PARTITION BY c.name) AS n, ROW_NUMBER() OVER (ORDER BY o.id DESC) AS r FROM input o JOIN customers c ON o.cid = c.id
