SELECT a + b AS p, a - b AS m, a * b AS t, a / b AS d, -a AS n FROM input
