-- scale max(s1,s2) / s1+s2
SELECT a, b, a * b AS r FROM input
