-- INTEGER beyond 2^53 is exact
SELECT a, b, a + b AS r FROM input
