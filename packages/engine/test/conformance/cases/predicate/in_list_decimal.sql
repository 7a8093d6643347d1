SELECT p FROM input WHERE p IN (1.5, 2)
