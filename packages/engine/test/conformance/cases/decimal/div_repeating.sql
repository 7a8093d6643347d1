-- repeating fractions round at scale 6
SELECT a, b, a / b AS r FROM input
