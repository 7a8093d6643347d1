-- values beyond 2^53
SELECT a, b, a + b AS r FROM input
