SELECT MOD(a, b) AS m, a % b AS p FROM input
