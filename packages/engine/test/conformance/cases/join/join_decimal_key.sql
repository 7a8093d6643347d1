-- join keys compare by value: 1.50 = 1.5
SELECT a.id, b.label FROM a JOIN b ON a.price = b.price
