-- DECIMAL remainder is exact, scale max(s1, s2), sign of the dividend
SELECT a % b AS m, MOD(a, b) AS n FROM input
