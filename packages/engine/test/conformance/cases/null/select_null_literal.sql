SELECT NULL AS n, id FROM input
