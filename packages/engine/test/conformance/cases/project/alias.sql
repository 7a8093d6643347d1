SELECT a AS x, a AS y FROM input
