SELECT -a AS n, -(a * 2) AS m FROM input
