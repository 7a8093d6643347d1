SELECT s FROM input WHERE s NOT LIKE '%an%'
