-- SET_HEADER returns the value and sets it on the output record
-- expect-headers
SELECT id, SET_HEADER('region', 'eu') AS region FROM input
