SELECT id, v IS NULL AS n FROM input
