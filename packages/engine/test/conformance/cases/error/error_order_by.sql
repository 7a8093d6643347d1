SELECT symbol FROM input ORDER BY symbol
