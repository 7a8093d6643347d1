SELECT id FROM input WHERE v > 1
