SELECT id FROM input WHERE id NOT IN (1, 2)
