-- expect-headers
SELECT id, SET_HEADER('src', 'batch') AS s FROM input WHERE id = 1
