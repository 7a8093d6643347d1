-- analysis reports every error, not only the first
SELECT symbl, prise FROM input
