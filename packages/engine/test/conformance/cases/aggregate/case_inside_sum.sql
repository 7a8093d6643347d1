SELECT SUM(CASE WHEN side = 'buy' THEN qty ELSE -qty END) AS net FROM input EMIT FINAL
