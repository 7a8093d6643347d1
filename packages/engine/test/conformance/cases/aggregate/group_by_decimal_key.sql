-- equal decimals group together; the group shows its first value
-- unordered
SELECT p, COUNT(*) AS n FROM input GROUP BY p EMIT FINAL
