SELECT SPLIT_PART(s, ',', 2) AS p FROM input
