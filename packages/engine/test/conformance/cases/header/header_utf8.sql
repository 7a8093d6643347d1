SELECT HEADER('name') AS n FROM input
