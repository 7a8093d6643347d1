SELECT
  symbol,
  prce
FROM input
