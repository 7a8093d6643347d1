SELECT CASE WHEN qty > 1 'x' END AS c FROM input
