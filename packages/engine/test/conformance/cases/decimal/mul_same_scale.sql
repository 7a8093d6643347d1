-- equal scales
SELECT a, b, a * b AS r FROM input
