CREATE STREAM big AS SELECT id, amount FROM input WHERE amount > 100.00;
SELECT id FROM big WHERE amount < 500.00
