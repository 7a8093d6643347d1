-- strings cast to DECIMAL are parsed exactly and keep their scale
SELECT CAST(s AS DECIMAL) AS d, CAST(s AS DECIMAL) + 1 AS e FROM input
