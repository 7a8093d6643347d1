SELECT a.id FROM a JOIN b ON a.x > b.y
