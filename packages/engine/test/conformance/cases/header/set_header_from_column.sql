-- expect-headers
SELECT id, SET_HEADER('id', CAST(id AS STRING)) AS h FROM input WHERE id = 3
