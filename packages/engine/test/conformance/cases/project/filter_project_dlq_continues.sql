-- division by zero sends one record to the DLQ and the stream continues
SELECT id, 100 / d AS q FROM input
