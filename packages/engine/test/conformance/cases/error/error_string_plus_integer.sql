SELECT symbol + 1 AS x FROM input
