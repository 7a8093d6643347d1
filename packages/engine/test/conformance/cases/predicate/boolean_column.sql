SELECT id FROM input WHERE active
