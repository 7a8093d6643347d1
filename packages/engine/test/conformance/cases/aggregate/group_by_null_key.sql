-- NULL keys form one group
-- unordered
SELECT k, COUNT(*) AS n FROM input GROUP BY k EMIT FINAL
