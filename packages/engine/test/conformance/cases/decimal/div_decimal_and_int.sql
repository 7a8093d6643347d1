-- DECIMAL with INTEGER gives DECIMAL
SELECT a, b, a / b AS r FROM input
