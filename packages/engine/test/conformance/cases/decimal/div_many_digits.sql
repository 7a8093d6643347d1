-- 17+ significant digits
SELECT a, b, a / b AS r FROM input
