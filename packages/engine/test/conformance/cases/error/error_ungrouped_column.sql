SELECT symbol, price, COUNT(*) AS n FROM input GROUP BY symbol EMIT FINAL
