SELECT id, HAS_HEADER('src') AS has FROM input
