-- trailing zeros keep their scale
SELECT a, b, a - b AS r FROM input
