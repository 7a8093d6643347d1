-- a comment
SELECT a /* inline */ AS x -- trailing
FROM input
