SELECT id FROM input WHERE id IN (1, 3, 5)
