-- SELECT * keeps the input column order
SELECT * FROM input
