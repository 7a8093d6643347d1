-- INTEGER sums are exact beyond 2^53
SELECT SUM(v) AS s FROM input EMIT FINAL
