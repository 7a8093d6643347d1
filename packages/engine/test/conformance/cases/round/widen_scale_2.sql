-- ROUND to a larger scale pads zeros
SELECT x, ROUND(x, 2) AS r FROM input
