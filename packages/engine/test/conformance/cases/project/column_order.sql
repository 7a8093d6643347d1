SELECT c, a, b FROM input
