-- division keeps a scale above 6
SELECT a, b, a / b AS r FROM input
