SELECT *, COUNT(*) AS n FROM input GROUP BY symbol
