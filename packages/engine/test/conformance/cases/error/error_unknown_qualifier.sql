SELECT x.symbol FROM input
