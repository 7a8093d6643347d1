-- values binary floats get wrong
SELECT a, b, a + b AS r FROM input
