SELECT id FROM input WHERE a < b
