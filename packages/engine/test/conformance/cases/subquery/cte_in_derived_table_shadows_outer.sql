WITH a AS (SELECT x FROM u WHERE x > 1) SELECT d.x, a.x AS y FROM (WITH a AS (SELECT x * 10 AS x FROM a) SELECT x FROM a) d JOIN a ON d.x = a.x * 10 ORDER BY d.x
