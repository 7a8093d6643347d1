-- each branch keeps the scale it was written with
SELECT CASE WHEN f THEN 1.5 ELSE 2.25 END AS v FROM input
