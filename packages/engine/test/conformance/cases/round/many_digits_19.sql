-- exact rounding of long decimals
SELECT x, ROUND(x, 19) AS r FROM input
