-- 59.97 * 1.19 = 71.3643; 0.05 * 1.19 = 0.0595 rounds half away from zero to 0.06
SELECT ROUND(price * qty * 1.19, 2) AS gross FROM input
