SELECT UPPR(symbol) AS u FROM input
