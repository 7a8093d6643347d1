SELECT * FROM t p JOIN t q ON p.a = q.b
