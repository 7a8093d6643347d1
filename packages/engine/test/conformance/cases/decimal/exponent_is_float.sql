SELECT v * 2 AS r FROM input
