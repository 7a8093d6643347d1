-- 1.00/3.00 = 0.333333 (scale 6); 0.333333/3.00 = 0.111111
SELECT a / b / c AS r FROM input
