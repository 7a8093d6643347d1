SELECT REPLACE(s, 'a', 'ä') AS r FROM input
