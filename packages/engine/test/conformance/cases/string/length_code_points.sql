SELECT s, LENGTH(s) AS n FROM input
