-- negative ties round half to even
SELECT a, b, a / b AS r FROM input
