-- division by zero sends the record to the DLQ
SELECT a, b, a / b AS r FROM input
