SELECT COALESCE(a, b, 'none') AS c FROM input
