SELECT v,
  SUM(v) OVER (w ORDER BY v) AS s
FROM input
