SELECT id FROM a JOIN b ON a.id = b.id
