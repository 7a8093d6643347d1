SELECT CONCAT(a, '-', b) AS c FROM input
