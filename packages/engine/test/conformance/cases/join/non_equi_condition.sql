-- a join without equalities compares every pair (the condition is a filter)
SELECT a.id, b.y FROM a JOIN b ON a.x > b.y
