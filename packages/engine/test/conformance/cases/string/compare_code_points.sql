SELECT s FROM input WHERE s > 'z'
