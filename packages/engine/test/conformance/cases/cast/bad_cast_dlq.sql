-- a failed cast sends the record to the DLQ and the stream continues
SELECT id, CAST(s AS INTEGER) AS i FROM input
