SELECT symbol FROM input WHERE qtty > 1
