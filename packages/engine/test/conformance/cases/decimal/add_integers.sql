-- INTEGER op INTEGER stays INTEGER
SELECT a, b, a + b AS r FROM input
