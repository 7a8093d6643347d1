SELECT s FROM input WHERE s LIKE 'a%'
