-- ROUND to a larger scale pads zeros
SELECT x, ROUND(x, 1) AS r FROM input
