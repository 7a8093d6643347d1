SELECT s LIKE 'x%' AS l FROM input
