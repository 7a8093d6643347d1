SELECT a, NOT a AS n, a = TRUE AS t FROM input
