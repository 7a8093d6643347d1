-- || with NULL is NULL (SQL standard)
SELECT a || b AS c FROM input
