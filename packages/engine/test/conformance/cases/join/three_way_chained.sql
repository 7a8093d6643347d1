-- one JOIN per statement; a three-way join chains two statements
CREATE STREAM enriched AS SELECT o.id, c.name, c.nation FROM orders o JOIN customers c ON o.cid = c.id;
SELECT e.id, e.name, n.country FROM enriched e LEFT JOIN nations n ON e.nation = n.code
