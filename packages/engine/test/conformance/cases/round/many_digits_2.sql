-- exact rounding of long decimals
SELECT x, ROUND(x, 2) AS r FROM input
