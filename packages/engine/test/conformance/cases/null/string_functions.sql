SELECT UPPER(s) AS u, LENGTH(s) AS l, SUBSTRING(s, 1, 1) AS sub, REPLACE(s, 'x', 'y') AS r, TRIM(s) AS t FROM input
