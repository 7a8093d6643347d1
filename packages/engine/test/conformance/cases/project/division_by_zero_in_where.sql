SELECT id FROM input WHERE 10.0 / d > 1
