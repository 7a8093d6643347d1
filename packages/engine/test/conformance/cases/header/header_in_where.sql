SELECT id FROM input WHERE HEADER('src') = 'web'
