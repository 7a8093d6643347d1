-- a NULL condition is not true, so ELSE applies
SELECT CASE WHEN f THEN 'yes' ELSE 'no' END AS c FROM input
