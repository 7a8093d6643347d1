SELECT symbol FROM input WHERE price LIKE '1%'
