-- ROUND to a larger scale pads zeros
SELECT x, ROUND(x, 3) AS r FROM input
