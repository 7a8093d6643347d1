SELECT s FROM input WHERE s LIKE '_é_'
