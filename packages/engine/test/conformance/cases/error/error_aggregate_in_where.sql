SELECT symbol FROM input WHERE SUM(price) > 10
