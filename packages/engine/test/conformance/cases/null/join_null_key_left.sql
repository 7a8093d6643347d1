-- NULL never equals NULL in a join condition
SELECT a.id, b.v FROM a LEFT JOIN b ON a.k = b.k
