-- INTEGER with DECIMAL gives DECIMAL
SELECT a, b, a + b AS r FROM input
