-- aggregation without a window emits changes by default
SELECT COUNT(*) AS n, SUM(v) AS s FROM input
