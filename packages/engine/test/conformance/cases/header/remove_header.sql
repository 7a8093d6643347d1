-- REMOVE_HEADER returns the removed value and drops the header from the output
-- expect-headers
SELECT id, REMOVE_HEADER('src') AS removed FROM input WHERE id = 1
