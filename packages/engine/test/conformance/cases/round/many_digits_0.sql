-- exact rounding of long decimals
SELECT x, ROUND(x, 0) AS r FROM input
