CREATE STREAM paid AS SELECT k, amount FROM input WHERE status = 'paid';
SELECT k, SUM(amount) AS total FROM paid GROUP BY k EMIT FINAL
