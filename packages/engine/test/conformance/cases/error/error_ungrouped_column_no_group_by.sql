SELECT symbol, COUNT(*) AS n FROM input
