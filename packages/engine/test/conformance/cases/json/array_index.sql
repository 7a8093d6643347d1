-- array indexes start at 0; out of range is NULL
SELECT tags[0] AS first, tags[1] AS second, tags[5] AS missing FROM input
