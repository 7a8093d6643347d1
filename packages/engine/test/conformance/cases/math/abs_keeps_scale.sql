SELECT ABS(x) AS a FROM input
