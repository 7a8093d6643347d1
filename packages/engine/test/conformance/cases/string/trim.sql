SELECT TRIM(s) AS t, LTRIM(s) AS l, RTRIM(s) AS r FROM input
