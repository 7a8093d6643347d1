SELECT id, HEADER('trace') AS trace FROM input
