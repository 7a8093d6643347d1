-- division rounds half to even at scale 6
SELECT a, b, a / b AS r FROM input
