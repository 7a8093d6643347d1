SELECT s FROM input
